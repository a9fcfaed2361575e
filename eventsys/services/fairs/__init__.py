"""Reading fairs, their halls and floor plans, and the organizer dashboard's figures."""

"""The floor_plans blueprint: a fair's owners set up its halls and draw their plans in the editor."""

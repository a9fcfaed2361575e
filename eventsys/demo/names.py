"""Deterministic, varied demo names (people, startups, investor firms) and pitches for `seed-demo --scale sushitech`."""

from __future__ import annotations

import random
from typing import NamedTuple


class _Name(NamedTuple):
    """A name or word in Latin script, with its local-script form when there is one."""

    latin: str
    local: str | None


class _Family(NamedTuple):
    """A family name in its male and female forms (the same for most languages)."""

    male: _Name
    female: _Name


class _Pool(NamedTuple):
    """The given and family names of one language or region."""

    male: tuple[_Name, ...]
    female: tuple[_Name, ...]
    family: tuple[_Family, ...]
    #: How the local-script name is written: "gf" given family, "fg" family+given unspaced, "f g" spaced.
    order: str
    #: Countries whose people get the local-script form; elsewhere (a diaspora) only the Latin one.
    local_countries: frozenset[str]
    #: Chance of a second family name (Spanish and Portuguese style).
    double: float


class _JapaneseWord(NamedTuple):
    """A Japanese word in romaji, katakana and kanji: ("Mirai", "ミライ", "未来")."""

    latin: str
    kana: str
    kanji: str


class _Sector(NamedTuple):
    """Word parts and pitch material for one sector slug."""

    nouns: tuple[_Name, ...]
    roots: tuple[str, ...]
    tails: tuple[str, ...]
    suffixes: tuple[str, ...]
    #: (what the startup makes, who uses it, what it achieves with "{pct}").
    offerings: tuple[tuple[str, str, str], ...]


def _split(text: str) -> tuple[str, ...]:
    """Split a comma-separated list: "a, b, c" -> ("a", "b", "c")."""
    items = tuple(item.strip() for item in text.split(","))
    if not all(items):
        raise ValueError(f"empty item in {text[:40]!r}")
    return items


def _pairs(text: str) -> tuple[_Name, ...]:
    """Parse "Sato=佐藤, Smith" -> (_Name("Sato", "佐藤"), _Name("Smith", None))."""
    return tuple(_Name(latin, local or None) for latin, _, local in (item.partition("=") for item in _split(text)))


def _families(text: str) -> tuple[_Family, ...]:
    """Parse "Ivanov/Ivanova=Иванов/Иванова, Cohen=כהן" into male and female forms ("/" where they differ)."""
    families = []
    for name in _pairs(text):
        male, _, female = name.latin.partition("/")
        male_local, _, female_local = (name.local or "").partition("/")
        families.append(
            _Family(_Name(male, male_local or None), _Name(female or male, (female_local or male_local) or None))
        )
    return tuple(families)


def _japanese_words(text: str) -> tuple[_JapaneseWord, ...]:
    """Parse "Mirai=ミライ/未来" -> _JapaneseWord("Mirai", "ミライ", "未来")."""
    return tuple(_JapaneseWord(name.latin, *(name.local or "/").split("/")) for name in _pairs(text))


def _weighted(spec: str) -> tuple[str, ...]:
    """Expand weights: "anglo*2 latam" -> ("anglo", "anglo", "latam")."""
    return tuple(name for item in spec.split() for name in [item.partition("*")[0]] * int(item.partition("*")[2] or 1))


def _pool(male: str, female: str, family: str, local: str = "", order: str = "gf", double: float = 0.0) -> _Pool:
    return _Pool(_pairs(male), _pairs(female), _families(family), order, frozenset(local.split()), double)


#: The 82 countries of the SusHi Tech scale, ISO 3166-1 alpha-2, Japan first.
COUNTRIES: tuple[str, ...] = (
    "JP", "US", "GB", "FR", "DE", "SG", "KR", "TW", "CN", "IN", "IL", "EE", "FI", "SE", "NL", "CH",
    "AU", "CA", "BR", "KE", "NG", "VN", "TH", "ID", "PH", "MY", "UA", "PL", "ES", "IT", "HK", "NZ",
    "IE", "BE", "AT", "DK", "NO", "PT", "CZ", "LT", "LV", "HU", "RO", "BG", "GR", "HR", "SI", "SK",
    "LU", "IS", "TR", "AE", "SA", "QA", "EG", "MA", "TN", "ZA", "GH", "RW", "ET", "SN", "MX", "CL",
    "CO", "AR", "PE", "UY", "BD", "PK", "LK", "NP", "KH", "MN", "KZ", "UZ", "GE", "AM", "CY", "MT",
    "RS", "JO",
)  # fmt: skip

#: The sector slugs that `startup_name` and `pitch` accept.
SECTORS: tuple[str, ...] = (
    "ai-digital",
    "semiconductors",
    "robotics",
    "mobility",
    "healthtech",
    "life-sciences",
    "agritech",
    "smart-cities",
    "retail-tech",
    "renewable-energy",
    "greentech",
    "smart-infrastructure",
    "manufacturing-automation",
    "fintech",
)

#: The investor types that `investor_firm_name` accepts.
INVESTOR_TYPES: tuple[str, ...] = (
    "venture_capital",
    "corporate_vc",
    "angel",
    "government_fund",
    "bank",
    "accelerator",
    "corporate_partner",
)

#: Relative weights of the big startup nations for the startups beyond one per country (the rest weigh 1).
_STARTUP_WEIGHTS: dict[str, int] = {
    "US": 12, "GB": 7, "FR": 8, "DE": 7, "SG": 7, "KR": 7, "TW": 6, "IN": 6, "IL": 5, "CN": 4, "CA": 4, "AU": 4,
    "NL": 4, "CH": 4, "SE": 4, "FI": 4, "EE": 3, "ES": 3, "IT": 3, "BR": 3, "VN": 3, "TH": 3, "ID": 3, "MY": 3,
    "UA": 3, "PL": 3, "HK": 3, "PH": 2, "KE": 2, "NG": 2, "DK": 2, "NO": 2, "BE": 2, "AT": 2, "IE": 2, "PT": 2,
    "AE": 2, "NZ": 2, "LT": 2, "CZ": 2,
}  # fmt: skip

# -- People -----------------------------------------------------------------------------------------------------------

#: Given and family names per language or region; "Latin=local", family "male/female" where the forms differ.
_POOLS: dict[str, _Pool] = {
    "japanese": _pool(
        male=(
            "Taro=太郎, Hiroshi=浩, Takeshi=武, Kenji=健二, Daisuke=大輔, Haruto=陽翔, Sota=蒼太, Yuto=悠斗, "
            "Riku=陸, Ren=蓮, Minato=湊, Sho=翔, Kenta=健太, Takuya=拓也, Naoki=直樹, Kazuki=一樹, "
            "Ryota=亮太, Shota=翔太, Yusuke=雄介, Kosuke=康介, Tsubasa=翼, Makoto=誠, Satoshi=聡, "
            "Masato=雅人, Tomoya=智也, Hiroki=裕樹, Kenichi=健一, Shinji=真司, Akira=明, Koji=浩二, "
            "Jun=潤, Ryo=亮, Takumi=匠, Yuta=悠太, Daiki=大輝, Haruki=春樹, Kaito=海斗, Shun=駿, "
            "Tatsuya=達也, Keisuke=圭介, Masahiro=正博, Tetsuya=哲也, Hideki=英樹, Kazuya=和也, "
            "Ichiro=一郎, Shinichi=真一"
        ),
        female=(
            "Hanako=花子, Yui=結衣, Aoi=葵, Sakura=さくら, Hina=陽菜, Yuna=結菜, Mio=美緒, Rin=凛, "
            "Mei=芽依, Akari=明里, Haruka=遥, Misaki=美咲, Ayaka=彩花, Nanami=七海, Yuka=由香, Mai=舞, "
            "Emi=恵美, Naoko=直子, Keiko=恵子, Yoko=洋子, Tomoko=智子, Kumiko=久美子, Mayumi=真由美, "
            "Megumi=恵, Ayumi=歩美, Kaori=香織, Noriko=典子, Sachiko=幸子, Yumi=由美, Asuka=明日香, "
            "Chihiro=千尋, Miyu=美羽, Riko=莉子, Saki=沙希, Nozomi=希, Eri=絵里, Kana=加奈, "
            "Natsuki=菜月, Mizuki=瑞希, Ai=愛, Kyoko=京子, Hitomi=瞳, Momoko=桃子, Shiori=栞"
        ),
        family=(
            "Sato=佐藤, Suzuki=鈴木, Takahashi=高橋, Tanaka=田中, Ito=伊藤, Watanabe=渡辺, Yamamoto=山本, "
            "Nakamura=中村, Kobayashi=小林, Kato=加藤, Yoshida=吉田, Yamada=山田, Sasaki=佐々木, "
            "Yamaguchi=山口, Matsumoto=松本, Inoue=井上, Kimura=木村, Hayashi=林, Saito=斎藤, "
            "Shimizu=清水, Yamazaki=山崎, Mori=森, Abe=阿部, Ikeda=池田, Hashimoto=橋本, Yamashita=山下, "
            "Ishikawa=石川, Nakajima=中島, Maeda=前田, Fujita=藤田, Ogawa=小川, Goto=後藤, Okada=岡田, "
            "Hasegawa=長谷川, Murakami=村上, Kondo=近藤, Ishii=石井, Sakamoto=坂本, Endo=遠藤, Aoki=青木, "
            "Fujii=藤井, Nishimura=西村, Fukuda=福田, Ota=太田, Miura=三浦, Fujiwara=藤原, Okamoto=岡本, "
            "Matsuda=松田, Nakagawa=中川, Nakano=中野, Harada=原田, Ono=小野, Tamura=田村, Takeuchi=竹内, "
            "Kaneko=金子, Wada=和田, Nakayama=中山, Ishida=石田, Ueda=上田, Morita=森田, Hara=原, "
            "Shibata=柴田, Sakai=酒井, Kudo=工藤, Yokoyama=横山, Miyazaki=宮崎, Miyamoto=宮本, "
            "Uchida=内田, Takagi=高木, Ando=安藤, Shimada=島田, Taniguchi=谷口, Ohno=大野, "
            "Maruyama=丸山, Imai=今井, Takada=高田, Fujimoto=藤本, Takeda=武田, Murata=村田, Ueno=上野, "
            "Sugiyama=杉山, Masuda=増田, Hirano=平野, Kojima=小島, Arai=新井, Chiba=千葉, Kubo=久保, "
            "Matsui=松井, Iwasaki=岩崎, Sakurai=桜井, Kinoshita=木下, Noguchi=野口, Matsuo=松尾, "
            "Kikuchi=菊地, Nomura=野村, Hoshino=星野, Shinohara=篠原"
        ),
        local="JP",
        order="f g",
    ),
    "chinese": _pool(
        male=(
            "Wei=伟, Qiang=强, Lei=磊, Jun=军, Yong=勇, Jie=杰, Tao=涛, Ming=明, Chao=超, Haoran=浩然, "
            "Yuxuan=宇轩, Junjie=俊杰, Jianguo=建国, Zhiwei=志伟, Jianhua=建华, Xiaodong=晓东, "
            "Pengfei=鹏飞, Kai=凯, Bo=波, Hang=航, Yifan=一帆, Zhiyuan=志远, Tianyu=天宇, Zixuan=子轩, "
            "Bowen=博文"
        ),
        female=(
            "Fang=芳, Na=娜, Min=敏, Jing=静, Li=丽, Yan=燕, Juan=娟, Xia=霞, Ting=婷, Xue=雪, Lin=琳, "
            "Yue=悦, Qian=倩, Xiaomei=晓梅, Yuxin=雨欣, Shihan=诗涵, Shuang=爽, Hui=慧, Lina=丽娜, "
            "Ying=颖, Mengyao=梦瑶, Jiayi=佳怡, Xinyi=欣怡, Siqi=思琪, Wenjing=文静, Yiran=怡然"
        ),
        family=(
            "Wang=王, Li=李, Zhang=张, Liu=刘, Chen=陈, Yang=杨, Huang=黄, Zhao=赵, Wu=吴, Zhou=周, "
            "Xu=徐, Sun=孙, Ma=马, Zhu=朱, Hu=胡, Guo=郭, He=何, Lin=林, Luo=罗, Gao=高, Zheng=郑, "
            "Liang=梁, Xie=谢, Song=宋, Tang=唐, Han=韩, Feng=冯, Deng=邓, Cao=曹, Peng=彭, Zeng=曾, "
            "Xiao=肖, Tian=田, Dong=董, Pan=潘, Yuan=袁, Cai=蔡, Jiang=蒋, Yu=余, Du=杜, Ye=叶, "
            "Cheng=程, Wei=魏, Su=苏"
        ),
        local="CN",
        order="fg",
    ),
    "taiwanese": _pool(
        male=(
            "Chih-ming=志明, Chun-hung=俊宏, Chien-hung=建宏, Chia-hao=家豪, Wei-lun=偉倫, "
            "Tsung-han=宗翰, Cheng-en=承恩, Yu-hsiang=宇翔, Kuan-yu=冠宇, Po-han=柏翰, Yen-ting=彥廷, "
            "Chih-wei=志偉, Ming-hsun=明勳, Shih-chieh=世傑, Chia-wei=家瑋, Wen-hsiung=文雄, "
            "Kuo-hua=國華, Yi-chen=奕辰"
        ),
        female=(
            "Shu-fen=淑芬, Mei-ling=美玲, Ya-ting=雅婷, Yi-chun=怡君, Hsin-yi=欣怡, Pei-shan=佩珊, "
            "Shu-hui=淑惠, Ching-yi=靜宜, Yu-ting=郁婷, Chia-ying=佳穎, Hui-wen=慧雯, Pin-yu=品妤, "
            "Tzu-han=子涵, Yi-ting=宜庭, Wan-ting=婉婷, Hsiao-wen=曉雯, Mei-hua=美華, Li-hua=麗華"
        ),
        family=(
            "Chen=陳, Lin=林, Huang=黃, Chang=張, Lee=李, Wang=王, Wu=吳, Liu=劉, Tsai=蔡, Yang=楊, "
            "Hsu=許, Cheng=鄭, Hsieh=謝, Kuo=郭, Hung=洪, Tseng=曾, Chiu=邱, Lai=賴, Chou=周, Yeh=葉, "
            "Su=蘇, Chuang=莊, Lu=呂, Chiang=江, Ho=何, Kao=高, Lo=羅, Chien=簡, Chu=朱, Chung=鍾, "
            "Hsiao=蕭, Pan=潘, Peng=彭, Tu=杜"
        ),
        local="TW",
        order="fg",
    ),
    "hongkong": _pool(
        male=(
            "Ka-lok=家樂, Chi-keung=志強, Wai-man=偉文, Ho-yin=浩賢, Tsz-hin=梓軒, Kin-wai=健偉, "
            "Chun-kit=俊傑, Siu-ming=小明, Wing-hong=永康, Man-kit=文傑, Ka-ho=家豪, Chi-wai=志偉"
        ),
        female=(
            "Mei-ling=美玲, Wing-yan=詠欣, Hoi-yan=凱欣, Ka-yan=嘉欣, Suet-ying=雪瑩, Wai-ling=慧玲, "
            "Lok-yi=樂怡, Tsz-ching=紫晴, Sze-wing=詩詠, Yuen-ting=婉婷, Man-yee=敏儀, Pui-yee=佩儀"
        ),
        family=(
            "Chan=陳, Wong=黃, Lee=李, Cheung=張, Lau=劉, Ng=吳, Ho=何, Leung=梁, Lam=林, Tsang=曾, "
            "Yip=葉, Tang=鄧, Chow=周, Kwok=郭, Lo=羅, Fung=馮, Mak=麥, Yeung=楊, Tse=謝, Choi=蔡, "
            "Cheng=鄭, Siu=蕭, Chu=朱"
        ),
        local="HK",
        order="fg",
    ),
    "sg_chinese": _pool(
        male=(
            "Wei Ming=伟明, Jun Jie=俊杰, Kai Wen=凯文, Zhi Hao=志豪, Jia Le=家乐, Jun Wei=俊伟, "
            "Wei Jie=伟杰, Zhen Yu=振宇, Guo Liang=国良, Jian Hong=建宏, Yong Sheng=永盛, Cheng Han=承翰"
        ),
        female=(
            "Jia Hui=佳慧, Hui Min=慧敏, Xin Yi=欣怡, Li Ting=丽婷, Mei Ling=美玲, Jia Ying=佳颖, "
            "Shu Ting=淑婷, Pei Shan=佩珊, Yu Xuan=雨萱, Hui Ling=慧玲, Wen Qi=文琪, Si Min=思敏"
        ),
        family=(
            "Tan=陈, Lim=林, Lee=李, Ng=黄, Ong=王, Wong=黄, Goh=吴, Chua=蔡, Teo=张, Koh=许, Chan=陈, "
            "Yeo=杨, Ang=洪, Low=刘, Sim=沈, Toh=卓, Chong=张, Ho=何, Neo=梁, Seah=佘, Foo=胡, Lau=刘"
        ),
        local="SG MY",
        order="fg",
    ),
    "korean": _pool(
        male=(
            "Min-jun=민준, Seo-jun=서준, Do-yun=도윤, Ye-jun=예준, Si-woo=시우, Ha-jun=하준, Ji-ho=지호, "
            "Joon-ho=준호, Hyun-woo=현우, Ji-hoon=지훈, Sung-min=성민, Dong-hyun=동현, Jae-won=재원, "
            "Young-ho=영호, Sang-woo=상우, Jin-woo=진우, Tae-yang=태양, Seung-hyun=승현, "
            "Kyung-soo=경수, Jung-hoon=정훈, Woo-jin=우진, Jun-seo=준서, Min-ho=민호, Dae-hyun=대현"
        ),
        female=(
            "Seo-yeon=서연, Ji-woo=지우, Ha-eun=하은, Seo-yun=서윤, Min-seo=민서, Ji-yoo=지유, "
            "Su-ah=수아, Ji-min=지민, Ye-eun=예은, Soo-jin=수진, Eun-ji=은지, Hye-jin=혜진, "
            "Ji-yeon=지연, Mi-young=미영, Yu-na=유나, Da-eun=다은, Chae-won=채원, Min-ji=민지, "
            "Eun-young=은영, So-yeon=소연, Hae-won=해원, Na-yeon=나연, Ji-hye=지혜, Seul-gi=슬기"
        ),
        family=(
            "Kim=김, Lee=이, Park=박, Choi=최, Jung=정, Kang=강, Cho=조, Yoon=윤, Jang=장, Lim=임, "
            "Han=한, Oh=오, Seo=서, Shin=신, Kwon=권, Hwang=황, Ahn=안, Song=송, Yoo=유, Hong=홍, "
            "Jeon=전, Ko=고, Moon=문, Yang=양, Son=손, Bae=배, Baek=백, Heo=허, Nam=남, Noh=노, "
            "Ha=하, Kwak=곽, Sung=성, Cha=차, Joo=주, Woo=우, Min=민, Ryu=류, Na=나, Jin=진"
        ),
        local="KR",
        order="fg",
    ),
    "thai": _pool(
        male=(
            "Somchai=สมชาย, Somsak=สมศักดิ์, Anan=อนันต์, Prasert=ประเสริฐ, Wichai=วิชัย, "
            "Kittisak=กิตติศักดิ์, Thanawat=ธนวัฒน์, Natthaphong=ณัฐพงษ์, Pongsakorn=พงศกร, "
            "Chaiwat=ชัยวัฒน์, Sarawut=สราวุฒิ, Apichat=อภิชาติ, Teerapat=ธีรภัทร, Worawit=วรวิทย์"
        ),
        female=(
            "Siriporn=ศิริพร, Nattaya=ณัฐยา, Kanokwan=กนกวรรณ, Suda=สุดา, Malee=มาลี, "
            "Pimchanok=พิมพ์ชนก, Supaporn=สุภาพร, Waraporn=วราภรณ์, Chanida=ชนิดา, Arisa=อริสา, "
            "Patcharin=พัชรินทร์, Rattana=รัตนา, Pornthip=พรทิพย์"
        ),
        family=(
            "Srisuk=ศรีสุข, Jaidee=ใจดี, Saetang=แซ่ตั้ง, Wongsawat=วงศ์สวัสดิ์, Suksawat=สุขสวัสดิ์, "
            "Srisawat=ศรีสวัสดิ์, Boonmee=บุญมี, Kaewmanee=แก้วมณี, Sukprasert=สุขประเสริฐ, "
            "Chaiyasit=ชัยสิทธิ์, Wongsuwan=วงศ์สุวรรณ, Rattanapong=รัตนพงษ์, Thongdee=ทองดี, "
            "Siriwat=ศิริวัฒน์, Charoenkul=เจริญกุล, Petchsri=เพชรศรี"
        ),
        local="TH",
    ),
    "ukrainian": _pool(
        male=(
            "Oleksandr=Олександр, Andrii=Андрій, Dmytro=Дмитро, Serhii=Сергій, Mykola=Микола, "
            "Taras=Тарас, Bohdan=Богдан, Yurii=Юрій, Oleh=Олег, Ivan=Іван, Maksym=Максим, "
            "Vladyslav=Владислав, Artem=Артем, Denys=Денис, Volodymyr=Володимир, Yaroslav=Ярослав"
        ),
        female=(
            "Olena=Олена, Iryna=Ірина, Nataliia=Наталія, Oksana=Оксана, Kateryna=Катерина, "
            "Yuliia=Юлія, Anastasiia=Анастасія, Tetiana=Тетяна, Sofiia=Софія, Mariia=Марія, "
            "Daryna=Дарина, Viktoriia=Вікторія, Khrystyna=Христина, Solomiia=Соломія"
        ),
        family=(
            "Shevchenko=Шевченко, Kovalenko=Коваленко, Bondarenko=Бондаренко, Tkachenko=Ткаченко, "
            "Kravchenko=Кравченко, Oliinyk=Олійник, Shevchuk=Шевчук, Polishchuk=Поліщук, Boiko=Бойко, "
            "Tkachuk=Ткачук, Melnyk=Мельник, Moroz=Мороз, Lysenko=Лисенко, Marchenko=Марченко, "
            "Savchenko=Савченко, Rudenko=Руденко, Petrenko=Петренко, Kovalchuk=Ковальчук, Koval=Коваль, "
            "Hrytsenko=Гриценко, Lytvynenko=Литвиненко, Zinchenko=Зінченко, "
            "Kovalskyi/Kovalska=Ковальський/Ковальська"
        ),
        local="UA",
    ),
    "russian": _pool(
        male=(
            "Aleksandr=Александр, Dmitry=Дмитрий, Sergey=Сергей, Andrey=Андрей, Alexey=Алексей, "
            "Ivan=Иван, Mikhail=Михаил, Nikolai=Николай, Pavel=Павел, Artem=Артём"
        ),
        female=(
            "Anna=Анна, Elena=Елена, Olga=Ольга, Tatiana=Татьяна, Natalia=Наталья, Maria=Мария, "
            "Ekaterina=Екатерина, Irina=Ирина, Svetlana=Светлана, Anastasia=Анастасия"
        ),
        family=(
            "Ivanov/Ivanova=Иванов/Иванова, Smirnov/Smirnova=Смирнов/Смирнова, "
            "Kuznetsov/Kuznetsova=Кузнецов/Кузнецова, Popov/Popova=Попов/Попова, "
            "Vasiliev/Vasilieva=Васильев/Васильева, Petrov/Petrova=Петров/Петрова, "
            "Sokolov/Sokolova=Соколов/Соколова, Morozov/Morozova=Морозов/Морозова, "
            "Volkov/Volkova=Волков/Волкова, Fedorov/Fedorova=Фёдоров/Фёдорова, "
            "Lebedev/Lebedeva=Лебедев/Лебедева, Novikov/Novikova=Новиков/Новикова"
        ),
        local="RU",
    ),
    "bulgarian": _pool(
        male=(
            "Georgi=Георги, Ivan=Иван, Dimitar=Димитър, Nikolay=Николай, Petar=Петър, Hristo=Христо, "
            "Stoyan=Стоян, Aleksandar=Александър, Todor=Тодор, Martin=Мартин"
        ),
        female=(
            "Maria=Мария, Ivana=Ивана, Elena=Елена, Desislava=Десислава, Gergana=Гергана, Nikol=Никол, "
            "Viktoria=Виктория, Ralitsa=Ралица, Teodora=Теодора, Yana=Яна"
        ),
        family=(
            "Ivanov/Ivanova=Иванов/Иванова, Georgiev/Georgieva=Георгиев/Георгиева, "
            "Dimitrov/Dimitrova=Димитров/Димитрова, Petrov/Petrova=Петров/Петрова, "
            "Nikolov/Nikolova=Николов/Николова, Stoyanov/Stoyanova=Стоянов/Стоянова, "
            "Todorov/Todorova=Тодоров/Тодорова, Hristov/Hristova=Христов/Христова, "
            "Angelov/Angelova=Ангелов/Ангелова, Kolev/Koleva=Колев/Колева"
        ),
        local="BG",
    ),
    "serbian": _pool(
        male=(
            "Nikola=Никола, Marko=Марко, Stefan=Стефан, Luka=Лука, Miloš=Милош, Aleksandar=Александар, "
            "Nemanja=Немања, Dušan=Душан, Filip=Филип, Vuk=Вук, Lazar=Лазар, Đorđe=Ђорђе"
        ),
        female=(
            "Milica=Милица, Jelena=Јелена, Ana=Ана, Marija=Марија, Jovana=Јована, Katarina=Катарина, "
            "Teodora=Теодора, Sara=Сара, Ivana=Ивана, Tijana=Тијана, Dragana=Драгана, Nevena=Невена"
        ),
        family=(
            "Jovanović=Јовановић, Petrović=Петровић, Nikolić=Николић, Marković=Марковић, "
            "Đorđević=Ђорђевић, Stojanović=Стојановић, Ilić=Илић, Stanković=Станковић, "
            "Pavlović=Павловић, Popović=Поповић, Kostić=Костић, Savić=Савић, Ristić=Ристић, Lazić=Лазић"
        ),
        local="RS",
    ),
    "greek": _pool(
        male=(
            "Giorgos=Γιώργος, Dimitris=Δημήτρης, Nikos=Νίκος, Kostas=Κώστας, Yannis=Γιάννης, "
            "Panagiotis=Παναγιώτης, Christos=Χρήστος, Vasilis=Βασίλης, Alexandros=Αλέξανδρος, "
            "Stavros=Σταύρος, Thanasis=Θανάσης, Andreas=Ανδρέας"
        ),
        female=(
            "Maria=Μαρία, Eleni=Ελένη, Katerina=Κατερίνα, Sofia=Σοφία, Georgia=Γεωργία, Dimitra=Δήμητρα, "
            "Anna=Άννα, Ioanna=Ιωάννα, Christina=Χριστίνα, Despina=Δέσποινα, Athina=Αθηνά, Zoe=Ζωή"
        ),
        family=(
            "Papadopoulos/Papadopoulou=Παπαδόπουλος/Παπαδοπούλου, Georgiou=Γεωργίου, "
            "Nikolaou=Νικολάου, Papadakis/Papadaki=Παπαδάκης/Παπαδάκη, Oikonomou=Οικονόμου, "
            "Konstantinidis/Konstantinidou=Κωνσταντινίδης/Κωνσταντινίδου, Vlachos/Vlachou=Βλάχος/Βλάχου, "
            "Dimitriou=Δημητρίου, Antoniou=Αντωνίου, Makris/Makri=Μακρής/Μακρή, Pappas/Pappa=Παππάς/Παππά, "
            "Alexiou=Αλεξίου, Karagiannis/Karagianni=Καραγιάννης/Καραγιάννη, "
            "Christodoulou=Χριστοδούλου, Ioannou=Ιωάννου"
        ),
        local="GR CY",
    ),
    "hebrew": _pool(
        male=(
            "Noam=נועם, Yosef=יוסף, David=דוד, Itai=איתי, Omer=עומר, Eitan=איתן, Ariel=אריאל, "
            "Yonatan=יונתן, Daniel=דניאל, Amit=עמית, Uri=אורי, Guy=גיא, Ido=עידו, Tomer=תומר, "
            "Roi=רועי, Avi=אבי"
        ),
        female=(
            "Noa=נועה, Tamar=תמר, Maya=מאיה, Shira=שירה, Yael=יעל, Michal=מיכל, Adi=עדי, Noga=נוגה, "
            "Talia=טליה, Hila=הילה, Rotem=רותם, Inbal=ענבל, Liat=ליאת, Dana=דנה, Ayelet=איילת"
        ),
        family=(
            "Cohen=כהן, Levi=לוי, Mizrahi=מזרחי, Peretz=פרץ, Biton=ביטון, Dahan=דהן, Avraham=אברהם, "
            "Friedman=פרידמן, Azoulay=אזולאי, Katz=כץ, Shapira=שפירא, Ben-David=בן דוד, "
            "Goldberg=גולדברג, Rosen=רוזן, Malka=מלכה, Klein=קליין, Golan=גולן, Segal=סגל, "
            "Ashkenazi=אשכנזי, Harari=הררי, Shalev=שלו, Barak=ברק"
        ),
        local="IL",
    ),
    "hindi": _pool(
        male=(
            "Rahul=राहुल, Amit=अमित, Vikram=विक्रम, Arjun=अर्जुन, Rohan=रोहन, Aditya=आदित्य, "
            "Siddharth=सिद्धार्थ, Karan=करण, Nikhil=निखिल, Ankit=अंकित, Rajesh=राजेश, Sanjay=संजय, "
            "Varun=वरुण, Abhishek=अभिषेक, Pranav=प्रणव, Kunal=कुणाल, Manish=मनीष, Gaurav=गौरव, "
            "Aarav=आरव, Vivek=विवेक"
        ),
        female=(
            "Priya=प्रिया, Ananya=अनन्या, Neha=नेहा, Pooja=पूजा, Shreya=श्रेया, Kavya=काव्या, "
            "Divya=दिव्या, Sneha=स्नेहा, Riya=रिया, Aishwarya=ऐश्वर्या, Meera=मीरा, Nisha=निशा, "
            "Anjali=अंजलि, Isha=ईशा, Tanvi=तन्वी, Aditi=अदिति, Pallavi=पल्लवी, Swati=स्वाति"
        ),
        family=(
            "Sharma=शर्मा, Verma=वर्मा, Gupta=गुप्ता, Singh=सिंह, Agarwal=अग्रवाल, Mehta=मेहता, "
            "Joshi=जोशी, Patel=पटेल, Shah=शाह, Kapoor=कपूर, Malhotra=मल्होत्रा, Chopra=चोपड़ा, "
            "Saxena=सक्सेना, Bansal=बंसल, Mishra=मिश्रा, Pandey=पांडे, Tiwari=तिवारी, Jain=जैन, "
            "Desai=देसाई, Kulkarni=कुलकर्णी, Chatterjee=चटर्जी, Banerjee=बनर्जी, Mukherjee=मुखर्जी, "
            "Bose=बोस, Sinha=सिन्हा, Rao=राव, Khanna=खन्ना, Bhatia=भाटिया"
        ),
        local="IN",
    ),
    "south_indian": _pool(
        male="Karthik, Arun, Venkatesh, Suresh, Rajkumar, Srinivas, Ganesh, Vignesh, Harish, Prakash, Ramesh, Naveen",
        female="Lakshmi, Deepa, Revathi, Keerthana, Divya, Sowmya, Meenakshi, Bhavana, Harini, Swetha, Padma",
        family=(
            "Iyer, Krishnan, Subramanian, Reddy, Nair, Menon, Pillai, Rajan, Naidu, Raghavan, Venkataraman, "
            "Ramachandran, Gopalan, Hegde, Shetty"
        ),
    ),
    "pakistani": _pool(
        male="Muhammad, Ahmed, Ali, Hassan, Usman, Bilal, Imran, Faisal, Hamza, Zain, Saad, Shahid, Asif",
        female="Ayesha, Fatima, Sana, Hira, Nadia, Zara, Mahnoor, Maryam, Amna, Iqra, Mehwish",
        family="Khan, Qureshi, Malik, Chaudhry, Siddiqui, Sheikh, Butt, Akhtar, Mirza, Rashid, Hussain, Javed",
    ),
    "bangladeshi": _pool(
        male="Tanvir, Rafiq, Arif, Kamrul, Mahmud, Shakib, Rashed, Nafis, Sabbir, Imtiaz",
        female="Farhana, Nusrat, Sadia, Tasnim, Rumana, Sabrina, Nabila, Sharmin, Jannatul, Afsana",
        family="Rahman, Hossain, Islam, Chowdhury, Uddin, Haque, Ahmed, Karim, Sarkar, Talukder, Alam",
    ),
    "sri_lankan": _pool(
        male="Nuwan, Chaminda, Dinesh, Kasun, Lahiru, Tharindu, Ruwan, Chathura, Sanjeewa, Dilshan",
        female="Nadeesha, Dilini, Sanduni, Ishara, Chamari, Tharushi, Hiruni, Kumari, Nirmala",
        family=(
            "Perera, Fernando, de Silva, Jayawardena, Wickramasinghe, Gunawardena, Bandara, Dissanayake, Herath, "
            "Wijesinghe, Ranasinghe, Jayasinghe"
        ),
    ),
    "nepali": _pool(
        male="Bikash, Suman, Prabin, Sagar, Anil, Rajan, Bibek, Nabin, Roshan, Sanjeev",
        female="Sita, Anjana, Srijana, Pratiksha, Sarita, Binita, Asmita, Sabina, Samjhana, Rojina",
        family=("Shrestha, Gurung, Thapa, Tamang, Rai, Magar, Adhikari, Karki, Pokharel, Bhattarai, Maharjan, Khadka"),
    ),
    "anglo": _pool(
        male=(
            "James, John, Michael, David, Daniel, Matthew, Andrew, Thomas, Christopher, Ryan, Ethan, Oliver, "
            "Jack, William, Benjamin, Samuel, Nathan, Lucas, Alexander, Henry, Jacob, Liam, Noah, Owen, Adam"
        ),
        female=(
            "Emily, Sarah, Jessica, Emma, Olivia, Sophie, Charlotte, Hannah, Grace, Lauren, Rachel, Megan, Chloe, "
            "Amelia, Isabella, Ava, Madison, Natalie, Rebecca, Katherine, Lucy, Abigail, Jennifer, Laura"
        ),
        family=(
            "Smith, Johnson, Williams, Brown, Jones, Miller, Davis, Wilson, Anderson, Taylor, Thomas, Moore, "
            "Martin, Jackson, Thompson, White, Harris, Clark, Lewis, Robinson, Walker, Young, Allen, King, Wright, "
            "Scott, Green, Baker, Adams, Nelson, Hill, Campbell, Mitchell, Roberts, Carter, Phillips, Evans, "
            "Turner, Parker, Collins, Edwards, Stewart, Morris, Cook, Rogers, Morgan, Cooper, Peterson, Reed, "
            "Bailey, Bell, Hughes, Foster, Bennett, Hayes, Price, Fisher, Ellis, Palmer, Fraser, MacLeod"
        ),
    ),
    "irish": _pool(
        male="Seán, Ciarán, Conor, Niall, Darragh, Cian, Eoin, Liam, Pádraig, Declan, Ronan, Fionn",
        female="Aoife, Siobhán, Niamh, Ciara, Saoirse, Róisín, Orla, Clodagh, Aisling, Sinéad, Caoimhe, Emma",
        family=(
            "Murphy, Kelly, O'Sullivan, Walsh, O'Brien, Byrne, Ryan, O'Connor, O'Neill, McCarthy, Doyle, "
            "Gallagher, Kennedy, Lynch, Quinn, Fitzgerald, Brennan, Nolan"
        ),
    ),
    "french": _pool(
        male=(
            "Pierre, Julien, Nicolas, Thomas, Antoine, Maxime, Alexandre, Guillaume, Hugo, Louis, Mathieu, "
            "Clément, Baptiste, Théo, Étienne, Benoît, Rémi, François, Léo, Arnaud"
        ),
        female=(
            "Camille, Marie, Léa, Chloé, Manon, Julie, Sophie, Claire, Élodie, Céline, Amélie, Pauline, Inès, "
            "Margaux, Anaïs, Hélène, Juliette, Océane, Émilie, Mathilde"
        ),
        family=(
            "Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, Simon, Laurent, "
            "Lefèvre, Michel, David, Bertrand, Roux, Vincent, Fournier, Morel, Girard, André, Mercier, Dupont, "
            "Lambert, Bonnet, François, Legrand, Garnier, Faure, Rousseau, Blanc, Guérin, Muller, Roussel, "
            "Perrin, Morin, Mathieu, Clément, Gauthier, Chevalier, Lefebvre"
        ),
    ),
    "german": _pool(
        male=(
            "Lukas, Felix, Jonas, Maximilian, Leon, Paul, Tobias, Florian, Sebastian, Matthias, Stefan, Johannes, "
            "Moritz, Niklas, Jan, Philipp, Christian, Alexander, Daniel, Markus, Jürgen, Andreas"
        ),
        female=(
            "Anna, Lena, Laura, Julia, Sophie, Hannah, Lea, Katharina, Sarah, Johanna, Marie, Lisa, Franziska, "
            "Sabine, Jana, Miriam, Annika, Carolin, Charlotte, Clara"
        ),
        family=(
            "Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann, Schäfer, Koch, "
            "Bauer, Richter, Klein, Wolf, Schröder, Neumann, Schwarz, Zimmermann, Braun, Krüger, Hofmann, "
            "Hartmann, Lange, Schmitt, Werner, Krause, Meier, Lehmann, Huber, Maier, Gruber, Steiner, Brunner, "
            "Hofer, Keller, Baumann, Vogel, Fuchs, Jäger, Weiß"
        ),
    ),
    "dutch": _pool(
        male=(
            "Daan, Sem, Lucas, Bram, Thijs, Jesse, Ruben, Lars, Stijn, Joost, Pieter, Jeroen, Bas, Maarten, "
            "Wouter, Sander, Koen, Niels, Tim, Jan"
        ),
        female=(
            "Emma, Sophie, Julia, Anna, Lotte, Sanne, Fleur, Eva, Lisa, Femke, Anouk, Iris, Maaike, Noor, Esther, "
            "Marieke, Inge, Roos"
        ),
        family=(
            "de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, Smit, Meijer, de Boer, "
            "Mulder, de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker, Brouwer, de Wit, Dijkstra, "
            "de Graaf, van der Meer, van der Linden, Kok, Jacobs, de Haan, Vermeulen, Peeters, Maes, Willems, "
            "Claes, Wouters, Goossens"
        ),
    ),
    "swedish": _pool(
        male="Erik, Lars, Anders, Johan, Magnus, Oskar, Nils, Henrik, Björn, Emil, Axel, Gustav, Fredrik, Viktor",
        female="Anna, Emma, Ingrid, Astrid, Maja, Elin, Sara, Karin, Linnea, Ebba, Hanna, Malin, Frida, Klara",
        family=(
            "Andersson, Johansson, Karlsson, Nilsson, Eriksson, Larsson, Olsson, Persson, Svensson, Gustafsson, "
            "Lindberg, Lindqvist, Lindström, Åberg, Nyström, Ekström, Bergström, Sandberg, Holm, Forsberg"
        ),
    ),
    "danish_norwegian": _pool(
        male=(
            "Mikkel, Rasmus, Søren, Jonas, Kristian, Morten, Ole, Jakob, Bjørn, Sindre, Espen, Magnus, Anders, "
            "Henrik, Frederik, Håkon"
        ),
        female=(
            "Sofie, Freja, Ida, Mette, Sigrid, Kristin, Nora, Tuva, Camilla, Signe, Ingrid, Maja, Astrid, Line, "
            "Ragnhild, Marte"
        ),
        family=(
            "Hansen, Johansen, Olsen, Larsen, Andersen, Pedersen, Nielsen, Jensen, Kristiansen, Haugen, Bakke, "
            "Solberg, Dahl, Lund, Møller, Sørensen, Rasmussen, Christensen, Jørgensen, Halvorsen, Strand, Berg"
        ),
    ),
    "icelandic": _pool(
        male="Jón, Sigurður, Guðmundur, Gunnar, Ólafur, Einar, Kristján, Stefán, Magnús, Arnar, Birkir, Hannes",
        female="Guðrún, Anna, Kristín, Sigríður, Margrét, Helga, Sara, Katrín, Eva, Birna, Hildur, Þóra",
        family=(
            "Jónsson/Jónsdóttir, Sigurðsson/Sigurðardóttir, Guðmundsson/Guðmundsdóttir, "
            "Gunnarsson/Gunnarsdóttir, Ólafsson/Ólafsdóttir, Einarsson/Einarsdóttir, "
            "Kristjánsson/Kristjánsdóttir, Stefánsson/Stefánsdóttir, Magnússon/Magnúsdóttir, "
            "Helgason/Helgadóttir, Pétursson/Pétursdóttir, Björnsson/Björnsdóttir"
        ),
    ),
    "finnish": _pool(
        male=(
            "Mikko, Juha, Antti, Jukka, Matti, Timo, Ville, Janne, Lauri, Eero, Aleksi, Jussi, Teemu, Otto, "
            "Onni, Elias, Juho, Sami"
        ),
        female=(
            "Aino, Anna, Laura, Emilia, Sanna, Johanna, Heidi, Minna, Elina, Katja, Riikka, Satu, Noora, Venla, "
            "Ella, Tiina, Hanna, Jenni"
        ),
        family=(
            "Virtanen, Korhonen, Mäkinen, Nieminen, Mäkelä, Hämäläinen, Laine, Heikkinen, Koskinen, Järvinen, "
            "Lehtonen, Lehtinen, Saarinen, Salminen, Heinonen, Niemi, Heikkilä, Kinnunen, Salonen, Turunen, "
            "Salo, Laitinen, Tuominen, Rantanen, Karjalainen, Jokinen, Mattila, Savolainen, Lahtinen, Ahonen"
        ),
    ),
    "estonian": _pool(
        male=(
            "Mart, Kristjan, Martin, Rasmus, Karl, Andres, Toomas, Jaan, Siim, Priit, Margus, Tanel, Ott, Rein, "
            "Kaspar, Taavi"
        ),
        female=(
            "Liis, Kadri, Kristiina, Triin, Maarja, Kati, Mari, Piret, Kertu, Laura, Helen, Anu, Eliise, "
            "Merilin, Grete, Kaisa"
        ),
        family=(
            "Tamm, Saar, Sepp, Mägi, Kask, Kukk, Rebane, Ilves, Pärn, Koppel, Lepik, Oja, Kuusk, Karu, "
            "Raudsepp, Vaher, Luik, Põder, Kõiv, Toom, Lill, Mets, Teder"
        ),
    ),
    "latvian": _pool(
        male="Jānis, Andris, Mārtiņš, Kārlis, Edgars, Roberts, Artūrs, Raivis, Gints, Māris, Toms, Emīls",
        female="Līga, Ilze, Anna, Kristīne, Laura, Inese, Dace, Zane, Elīna, Agnese, Santa, Sanita",
        family=(
            "Bērziņš/Bērziņa, Kalniņš/Kalniņa, Ozoliņš/Ozoliņa, Jansons/Jansone, Liepiņš/Liepiņa, "
            "Krūmiņš/Krūmiņa, Balodis/Balode, Eglītis/Eglīte, Zariņš/Zariņa, Pētersons/Pētersone, "
            "Vītols/Vītola, Kļaviņš/Kļaviņa, Zvirbulis/Zvirbule"
        ),
    ),
    "lithuanian": _pool(
        male="Mantas, Tomas, Lukas, Jonas, Paulius, Darius, Mindaugas, Andrius, Tadas, Vytautas, Karolis, Justas",
        female="Rūta, Eglė, Gabija, Ieva, Aistė, Greta, Indrė, Lina, Kotryna, Ugnė, Austėja, Monika",
        family=(
            "Kazlauskas/Kazlauskienė, Jankauskas/Jankauskaitė, Petrauskas/Petrauskienė, "
            "Stankevičius/Stankevičiūtė, Vasiliauskas/Vasiliauskaitė, Žukauskas/Žukauskienė, Butkus/Butkutė, "
            "Paulauskas/Paulauskaitė, Urbonas/Urbonaitė, Kavaliauskas/Kavaliauskienė, Navickas/Navickaitė, "
            "Ramanauskas/Ramanauskienė"
        ),
    ),
    "polish": _pool(
        male=(
            "Piotr, Krzysztof, Tomasz, Paweł, Michał, Marcin, Jakub, Kamil, Łukasz, Mateusz, Adam, Bartosz, "
            "Wojciech, Grzegorz, Jan, Szymon, Filip, Maciej"
        ),
        female=(
            "Anna, Katarzyna, Magdalena, Agnieszka, Joanna, Aleksandra, Monika, Natalia, Zofia, Julia, Marta, "
            "Karolina, Paulina, Ewa, Małgorzata, Weronika, Zuzanna, Dominika"
        ),
        family=(
            "Nowak, Kowalski/Kowalska, Wiśniewski/Wiśniewska, Wójcik, Kowalczyk, Kamiński/Kamińska, "
            "Lewandowski/Lewandowska, Zieliński/Zielińska, Szymański/Szymańska, Woźniak, "
            "Dąbrowski/Dąbrowska, Kozłowski/Kozłowska, Jankowski/Jankowska, Mazur, Kwiatkowski/Kwiatkowska, "
            "Krawczyk, Piotrowski/Piotrowska, Grabowski/Grabowska, Pawłowski/Pawłowska, Michalski/Michalska, "
            "Wróbel, Zając, Król, Wieczorek, Jabłoński/Jabłońska, Majewski/Majewska, Olszewski/Olszewska, "
            "Stępień, Malinowski/Malinowska"
        ),
    ),
    "czech": _pool(
        male="Jan, Petr, Tomáš, Martin, Jakub, Lukáš, Ondřej, Jiří, Pavel, Vojtěch, Matěj, David, Marek, Michal",
        female="Tereza, Eliška, Anna, Kateřina, Lucie, Veronika, Barbora, Petra, Markéta, Klára, Lenka, Jana",
        family=(
            "Novák/Nováková, Svoboda/Svobodová, Novotný/Novotná, Dvořák/Dvořáková, Černý/Černá, "
            "Procházka/Procházková, Kučera/Kučerová, Veselý/Veselá, Horák/Horáková, Němec/Němcová, "
            "Marek/Marková, Pokorný/Pokorná, Král/Králová, Růžička/Růžičková"
        ),
    ),
    "slovak": _pool(
        male="Peter, Martin, Juraj, Matúš, Tomáš, Michal, Marek, Lukáš, Ján, Jakub, Samuel, Dominik",
        female="Zuzana, Lucia, Katarína, Mária, Jana, Veronika, Simona, Barbora, Natália, Michaela, Lenka, Ivana",
        family=(
            "Horváth/Horváthová, Kováč/Kováčová, Varga/Vargová, Tóth/Tóthová, Nagy/Nagyová, "
            "Baláž/Balážová, Molnár/Molnárová, Lukáč/Lukáčová, Kollár/Kollárová, Šimko/Šimková, "
            "Oravec/Oravcová, Hudák/Hudáková, Polák/Poláková"
        ),
    ),
    "hungarian": _pool(
        male=(
            "László, István, Péter, Gábor, Zoltán, Balázs, Dániel, Bence, Máté, Ádám, Tamás, Attila, András, "
            "Levente, Márton, Gergely"
        ),
        female=(
            "Anna, Eszter, Katalin, Zsófia, Réka, Dóra, Krisztina, Júlia, Nóra, Viktória, Petra, Lilla, Fanni, "
            "Boglárka, Ágnes, Orsolya"
        ),
        family=(
            "Nagy, Kovács, Tóth, Szabó, Horváth, Varga, Kiss, Molnár, Németh, Farkas, Balogh, Papp, Takács, "
            "Juhász, Lakatos, Mészáros, Oláh, Rácz, Fekete, Szilágyi, Török, Fehér"
        ),
    ),
    "romanian": _pool(
        male=(
            "Andrei, Alexandru, Mihai, Ionuț, Adrian, Cristian, Bogdan, Răzvan, Vlad, Ștefan, Florin, Gabriel, "
            "Radu, Tudor, Sorin, Cătălin"
        ),
        female=(
            "Maria, Elena, Ioana, Andreea, Alexandra, Ana, Cristina, Mihaela, Raluca, Irina, Diana, Bianca, Oana, "
            "Roxana, Alina, Georgiana"
        ),
        family=(
            "Popescu, Ionescu, Popa, Pop, Radu, Dumitru, Stan, Stoica, Gheorghe, Matei, Ciobanu, Rusu, Munteanu, "
            "Constantin, Ene, Dinu, Marin, Lungu, Moldovan, Florea, Georgescu, Nistor, Dobre"
        ),
    ),
    "croatian": _pool(
        male="Ivan, Luka, Marko, Josip, Petar, Ante, Tomislav, Filip, Matej, Mario, Nikola, Domagoj",
        female="Ana, Marija, Ivana, Petra, Lucija, Maja, Katarina, Martina, Ema, Lana, Mia, Nikolina",
        family=(
            "Horvat, Kovačević, Babić, Marić, Novak, Jurić, Knežević, Vuković, Marković, Petrović, Matić, Tomić, "
            "Pavlović, Perić, Božić, Blažević, Grgić, Pavić"
        ),
    ),
    "slovenian": _pool(
        male="Luka, Jan, Žiga, Matej, Nejc, Rok, Gregor, Jure, Anže, Miha, Tilen, Aljaž",
        female="Nina, Eva, Maja, Špela, Tina, Urška, Katja, Nika, Petra, Ana, Sara, Mojca",
        family=(
            "Novak, Horvat, Krajnc, Kovačič, Zupančič, Potočnik, Kos, Vidmar, Golob, Turk, Kralj, Božič, "
            "Korošec, Mlakar, Zupan, Hribar"
        ),
    ),
    "italian": _pool(
        male=(
            "Marco, Luca, Giuseppe, Francesco, Alessandro, Andrea, Matteo, Lorenzo, Davide, Simone, Federico, "
            "Riccardo, Stefano, Giovanni, Paolo, Tommaso, Gabriele, Nicolò"
        ),
        female=(
            "Giulia, Francesca, Chiara, Sara, Martina, Valentina, Alessia, Elisa, Federica, Silvia, Giorgia, "
            "Elena, Beatrice, Sofia, Aurora, Ilaria, Camilla, Serena"
        ),
        family=(
            "Rossi, Russo, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, Bruno, Gallo, Conti, "
            "De Luca, Mancini, Costa, Giordano, Rizzo, Lombardi, Moretti, Barbieri, Fontana, Santoro, Mariani, "
            "Rinaldi, Caruso, Ferrara, Galli, Martini, Leone, Longo, Gentile, Martinelli, Vitale, Serra, "
            "Coppola, De Santis, Marchetti, Parisi, Villa"
        ),
    ),
    "maltese": _pool(
        male="Joseph, Matthew, Luke, Jean, Karl, Nicholas, Daniel, Kurt, Christian, Mark",
        female="Maria, Rebecca, Nicole, Claire, Francesca, Martina, Julia, Elaine, Rachel, Kimberly",
        family=(
            "Borg, Camilleri, Vella, Farrugia, Zammit, Galea, Micallef, Grech, Attard, Spiteri, Cassar, "
            "Azzopardi, Pace, Mifsud, Agius"
        ),
    ),
    "spanish": _pool(
        male=(
            "Alejandro, Pablo, Javier, Daniel, Carlos, David, Sergio, Álvaro, Adrián, Jorge, Manuel, Diego, "
            "Hugo, Iván, Raúl, Marc, Jordi, Íñigo"
        ),
        female=(
            "Lucía, María, Paula, Laura, Marta, Sara, Andrea, Carmen, Elena, Cristina, Alba, Irene, Nuria, "
            "Claudia, Sofía, Marina, Ainhoa, Montserrat"
        ),
        family=(
            "García, Fernández, González, Rodríguez, López, Martínez, Sánchez, Pérez, Gómez, Martín, Jiménez, "
            "Ruiz, Hernández, Díaz, Moreno, Muñoz, Álvarez, Romero, Alonso, Gutiérrez, Navarro, Torres, "
            "Domínguez, Vázquez, Ramos, Gil, Serrano, Blanco, Molina, Castro, Ortega, Rubio, Iglesias, Puig, "
            "Ferrer, Vidal, Etxeberria"
        ),
        double=0.5,
    ),
    "latam": _pool(
        male=(
            "Santiago, Mateo, Sebastián, Matías, Nicolás, Diego, Juan Pablo, Andrés, Felipe, Joaquín, Tomás, "
            "Emiliano, Luis, Fernando, Rodrigo, Gustavo, Ricardo, Camilo"
        ),
        female=(
            "Valentina, Camila, Sofía, Isabella, Mariana, Daniela, Gabriela, Fernanda, Ximena, Catalina, Renata, "
            "Florencia, Agustina, Paola, Natalia, Victoria, Carolina, Lucía"
        ),
        family=(
            "González, Rodríguez, Hernández, López, García, Martínez, Pérez, Sánchez, Ramírez, Torres, Flores, "
            "Rivera, Gómez, Díaz, Cruz, Morales, Reyes, Gutiérrez, Ortiz, Castillo, Vargas, Rojas, Mendoza, "
            "Silva, Muñoz, Contreras, Herrera, Medina, Aguilar, Fernández, Romero, Álvarez, Quispe, Benítez, "
            "Acosta, Suárez, Pereyra"
        ),
        double=0.4,
    ),
    "portuguese": _pool(
        male=(
            "João, Tiago, Miguel, Pedro, Rui, Gonçalo, Diogo, Bruno, Ricardo, André, Nuno, Duarte, Francisco, Rodrigo"
        ),
        female=(
            "Ana, Inês, Beatriz, Mariana, Joana, Catarina, Sofia, Rita, Marta, Leonor, Carolina, Sara, Filipa, Teresa"
        ),
        family=(
            "Silva, Santos, Ferreira, Pereira, Oliveira, Costa, Rodrigues, Martins, Sousa, Fernandes, Gonçalves, "
            "Gomes, Lopes, Marques, Alves, Almeida, Ribeiro, Pinto, Carvalho, Teixeira, Moreira, Correia, "
            "Mendes, Nunes, Soares, Vieira, Monteiro, Cardoso, Rocha"
        ),
        double=0.4,
    ),
    "brazilian": _pool(
        male=(
            "Lucas, Gabriel, Matheus, Pedro, Rafael, Gustavo, Felipe, Guilherme, Thiago, Bruno, Leonardo, "
            "Rodrigo, Vinícius, Caio, Eduardo, Henrique, Diego, Marcelo"
        ),
        female=(
            "Ana, Juliana, Fernanda, Camila, Beatriz, Larissa, Mariana, Amanda, Bruna, Letícia, Gabriela, "
            "Carolina, Isabela, Patrícia, Luana, Renata, Vanessa, Aline"
        ),
        family=(
            "Silva, Santos, Oliveira, Souza, Rodrigues, Ferreira, Alves, Pereira, Lima, Gomes, Costa, Ribeiro, "
            "Martins, Carvalho, Almeida, Lopes, Soares, Fernandes, Vieira, Barbosa, Rocha, Dias, Nascimento, "
            "Andrade, Moreira, Nunes, Marques, Machado, Mendes, Freitas, Cardoso, Ramos, Gonçalves, Santana, "
            "Teixeira, Araújo, Cavalcanti, Moura"
        ),
        double=0.3,
    ),
    "turkish": _pool(
        male="Mehmet, Mustafa, Ahmet, Emre, Burak, Can, Mert, Kerem, Oğuz, Serkan, Onur, Tolga, Barış, Yusuf, Eren",
        female="Ayşe, Fatma, Elif, Zeynep, Merve, Selin, Ece, Büşra, Deniz, Ebru, Gizem, İrem, Özge, Defne",
        family=(
            "Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Yıldırım, Öztürk, Aydın, Özdemir, Arslan, Doğan, Kılıç, "
            "Aslan, Çetin, Kurt, Özkan, Erdem, Polat"
        ),
    ),
    "gulf": _pool(
        male="Mohammed, Ahmed, Omar, Khaled, Abdullah, Faisal, Hamad, Saeed, Sultan, Fahad, Nasser, Rashid, Majid",
        female="Fatima, Aisha, Mariam, Noura, Hessa, Reem, Latifa, Maha, Shamma, Alya, Sara, Amna",
        family=(
            "Al-Mansouri, Al-Hashimi, Al-Qahtani, Al-Otaibi, Al-Harbi, Al-Shamsi, Al-Mazrouei, Al-Zahrani, "
            "Al-Kuwari, Al-Marri, Al-Suwaidi, Al-Ghamdi, Al-Dosari, Al-Ali, Al-Nuaimi"
        ),
    ),
    "levantine": _pool(
        male="Omar, Rami, Zaid, Laith, Tamer, Hamza, Yazan, Khalil, Fadi, Ahmad",
        female="Rania, Dana, Lina, Hala, Zeina, Leen, Tala, Rasha, Nour, Sarah",
        family="Haddad, Khalil, Nasser, Saleh, Masri, Khoury, Hijazi, Qasem, Abu-Ghazaleh, Darwish, Nabulsi, Odeh",
    ),
    "egyptian": _pool(
        male="Mostafa, Mahmoud, Amr, Hossam, Sherif, Karim, Ahmed, Omar, Youssef, Tarek, Hesham, Khaled",
        female="Nourhan, Mariam, Salma, Yasmine, Dina, Heba, Aya, Rana, Menna, Nada, Sara, Habiba",
        family="Abdelrahman, El-Sayed, Hassan, Mostafa, Ibrahim, Farouk, Soliman, Fahmy, Gamal, Mansour, Aziz, Hamdy",
    ),
    "maghreb": _pool(
        male="Youssef, Mehdi, Amine, Yassine, Karim, Anas, Hamza, Omar, Mohamed, Ayoub, Skander, Bilel",
        female="Salma, Imane, Sara, Meryem, Khadija, Hajar, Nour, Amira, Inès, Rim, Yasmine, Sonia",
        family=(
            "Benali, El Amrani, Bennani, Alaoui, Tazi, Berrada, Chraibi, Idrissi, Ben Salah, Trabelsi, Gharbi, "
            "Jebali, Hamdi, Mejri, Ben Ammar, Ayari"
        ),
    ),
    "vietnamese": _pool(
        male=(
            "Minh, Đức Anh, Quang Huy, Hoàng Nam, Tuấn, Hùng, Thành, Duy, Khoa, Long, Phúc, Trung, Văn Hải, Bảo, Việt"
        ),
        female="Lan, Thu Trang, Thanh Hà, Ngọc Anh, Mai, Linh, Hương, Phương, Thảo, Hồng Nhung, Vy, Trâm, Hạnh",
        family=("Nguyễn, Trần, Lê, Phạm, Hoàng, Huỳnh, Phan, Vũ, Võ, Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý, Đinh, Trương"),
    ),
    "indonesian": _pool(
        male="Budi, Agus, Andi, Rizky, Dimas, Arief, Hendra, Fajar, Bayu, Adi, Yoga, Eko, Reza, Ilham",
        female="Siti, Dewi, Putri, Ayu, Rina, Indah, Nurul, Fitri, Sari, Anisa, Kartika, Maya, Intan, Wulan",
        family=(
            "Santoso, Wijaya, Saputra, Pratama, Hidayat, Kusuma, Setiawan, Nugroho, Halim, Gunawan, Wibowo, "
            "Susanto, Hartono, Siregar, Simanjuntak, Nasution"
        ),
    ),
    "filipino": _pool(
        male="Juan, Jose, Mark, John Paul, Miguel, Carlo, Rafael, Paolo, Jerome, Kevin, Angelo, Joshua",
        female="Maria, Angelica, Kristine, Joy, Camille, Patricia, Bea, Andrea, Nicole, Jasmine, Rhea, Maricel",
        family=(
            "Santos, Reyes, Cruz, Bautista, Garcia, Mendoza, Dela Cruz, Villanueva, Ramos, Aquino, Castillo, "
            "Gonzales, Navarro, Tolentino, Manalo, Domingo, Pascual, Soriano"
        ),
    ),
    "malay": _pool(
        male="Ahmad, Muhammad Hafiz, Aiman, Faiz, Hakim, Syafiq, Amirul, Irfan, Danial, Izzat",
        female="Aisyah, Farah, Nabila, Syazwani, Amira, Hani, Izzati, Nadia, Sofea, Alya",
        family="Ismail, Abdullah, Rahman, Hassan, Yusof, Ibrahim, Othman, Hamzah, Aziz, Salleh, Kamal, Zainal, Ariffin",
    ),
    "khmer": _pool(
        male="Sokha, Dara, Vuthy, Rithy, Sovann, Piseth, Visal, Sothea, Vannak, Chanthy",
        female="Sreymom, Chanthou, Sokunthea, Bopha, Sreyneang, Kanha, Leakhena, Malis, Raksmey, Sophea",
        family="Sok, Chan, Heng, Ly, Meas, Keo, Chea, Kim, Phan, Seng, Nhem, Touch, Prak, Hem, Ouk",
    ),
    "mongolian": _pool(
        male="Bat-Erdene, Ganbold, Temuulen, Batbayar, Munkhbat, Tuvshin, Bilguun, Enkhbold, Zorig, Ariunbold",
        female="Oyunchimeg, Enkhjargal, Saruul, Nomin, Anujin, Khulan, Solongo, Bolormaa, Undral, Tsetseg",
        family="Batbold, Ganbaatar, Tsogt, Dorj, Bat-Ochir, Purev, Otgonbayar, Erdene, Nergui, Chuluun, Munkh-Erdene",
    ),
    "kazakh": _pool(
        male="Arman, Daniyar, Yerlan, Askar, Timur, Nurlan, Azamat, Alibek, Bekzat, Sanzhar",
        female="Aigerim, Dana, Aruzhan, Madina, Dinara, Saule, Zhanna, Ainur, Gulnara, Kamila",
        family=(
            "Akhmetov/Akhmetova, Omarov/Omarova, Suleimenov/Suleimenova, Zhaksybekov/Zhaksybekova, "
            "Iskakov/Iskakova, Serikbayev/Serikbayeva, Kassymov/Kassymova, Abenov/Abenova, "
            "Nurpeisov/Nurpeisova, Baimukhanov/Baimukhanova"
        ),
    ),
    "uzbek": _pool(
        male="Aziz, Bekzod, Jasur, Rustam, Sardor, Dilshod, Otabek, Farrukh, Jahongir, Sherzod",
        female="Dilnoza, Nilufar, Gulnora, Madina, Malika, Sevara, Zarina, Kamola, Feruza, Shahnoza",
        family=(
            "Rakhimov/Rakhimova, Yusupov/Yusupova, Abdullaev/Abdullaeva, Usmanov/Usmanova, "
            "Ismoilov/Ismoilova, Mirzaev/Mirzaeva, Nazarov/Nazarova, Sobirov/Sobirova, Tursunov/Tursunova"
        ),
    ),
    "georgian": _pool(
        male="Giorgi, Davit, Levan, Nika, Luka, Irakli, Zurab, Sandro, Lasha, Tornike",
        female="Nino, Mariam, Ana, Tamar, Salome, Ketevan, Natia, Elene, Tekla, Mariami",
        family=(
            "Beridze, Kapanadze, Gelashvili, Maisuradze, Giorgadze, Lomidze, Tsiklauri, Nozadze, Bolkvadze, "
            "Kiknadze, Abashidze, Javakhishvili"
        ),
    ),
    "armenian": _pool(
        male="Aram, Davit, Narek, Tigran, Armen, Hayk, Gor, Vahe, Arman, Levon",
        female="Anahit, Ani, Mariam, Lilit, Nare, Gayane, Anush, Sona, Armine, Tatevik",
        family=(
            "Petrosyan, Grigoryan, Harutyunyan, Sargsyan, Hovhannisyan, Khachatryan, Vardanyan, Karapetyan, "
            "Gevorgyan, Avetisyan, Mkrtchyan, Hakobyan"
        ),
    ),
    "kenyan": _pool(
        male="Brian, Kevin, Dennis, Collins, Samuel, Peter, Joseph, Victor, Kelvin, Ian, Edwin, Felix",
        female="Faith, Mercy, Grace, Wanjiru, Akinyi, Njeri, Achieng, Cynthia, Sharon, Purity, Wambui, Nafula",
        family=(
            "Otieno, Kamau, Mwangi, Ochieng, Kiprop, Wanjiku, Kariuki, Njoroge, Odhiambo, Mutua, Kimani, Omondi, "
            "Chebet, Wafula, Korir, Muthoni"
        ),
    ),
    "nigerian": _pool(
        male=(
            "Chinedu, Emeka, Oluwaseun, Tunde, Ibrahim, Chukwuemeka, Adebayo, Uche, Femi, Ikenna, Babatunde, "
            "Musa, Segun, Obinna"
        ),
        female=(
            "Ngozi, Amaka, Funmilayo, Chiamaka, Aisha, Folake, Adaeze, Yewande, Temitope, Zainab, Chioma, "
            "Blessing, Ifeoma, Bisola"
        ),
        family=(
            "Okafor, Adeyemi, Okonkwo, Balogun, Eze, Nwosu, Adebayo, Bello, Olawale, Ogunleye, Abubakar, "
            "Okeke, Afolabi, Chukwu, Adewale, Danjuma, Oyelaran, Nwachukwu"
        ),
    ),
    "ghanaian": _pool(
        male="Kwame, Kofi, Kwabena, Yaw, Kwaku, Kojo, Nana, Emmanuel, Prince, Isaac, Kwesi, Ebo",
        female="Ama, Akosua, Abena, Efua, Adwoa, Esi, Afua, Yaa, Akua, Dzifa, Efia, Adjoa",
        family=(
            "Mensah, Owusu, Boateng, Asante, Agyeman, Osei, Appiah, Darko, Amoah, Ofori, Acheampong, Adjei, "
            "Quaye, Tetteh"
        ),
    ),
    "rwandan": _pool(
        male="Jean Claude, Eric, Patrick, Olivier, Emmanuel, Didier, Innocent, Fabrice, Yves, Gilbert",
        female="Aline, Diane, Clarisse, Grace, Josiane, Sandrine, Solange, Divine, Alice, Esther",
        family=(
            "Uwimana, Niyonzima, Habimana, Mugisha, Nshimiyimana, Uwase, Mukamana, Hakizimana, Ndayisaba, "
            "Ishimwe, Irakoze, Mutesi"
        ),
    ),
    "ethiopian": _pool(
        male="Abebe, Dawit, Yonas, Tesfaye, Bereket, Henok, Samuel, Mulugeta, Kidus, Biniam",
        female="Selam, Hanna, Meron, Tigist, Bethlehem, Liya, Mahlet, Hiwot, Rahel, Eden",
        family="Girma, Bekele, Tadesse, Haile, Alemu, Wolde, Mekonnen, Kebede, Getachew, Assefa, Desta, Tesfaye",
    ),
    "senegalese": _pool(
        male="Moussa, Mamadou, Ibrahima, Cheikh, Ousmane, Abdoulaye, Babacar, Modou, Pape, Aliou",
        female="Fatou, Aminata, Awa, Mariama, Khady, Ndeye, Astou, Coumba, Aïssatou, Rokhaya",
        family="Diop, Ndiaye, Fall, Sow, Diallo, Gueye, Faye, Sarr, Ba, Mbaye, Cissé, Sy, Diouf, Thiam, Kane",
    ),
    "south_african": _pool(
        male="Thabo, Sipho, Lwazi, Kagiso, Johan, Pieter, Ruan, Mandla, Tshepo, Ryan, Jason, Themba",
        female="Naledi, Lerato, Thandiwe, Nomvula, Zanele, Anri, Lindiwe, Palesa, Michelle, Chantal, Refilwe, Elmarie",
        family=(
            "Nkosi, Dlamini, Ndlovu, Khumalo, Mokoena, Botha, van der Merwe, Naidoo, Pillay, Mahlangu, Molefe, "
            "Pretorius, Venter, Zulu, Mthembu, Smith, Coetzee, Sithole"
        ),
    ),
}

#: Which pools a country's people come from; a pool repeated is that much likelier.
_COUNTRY_POOLS: dict[str, tuple[str, ...]] = {
    code: _weighted(spec)
    for code, spec in {
        "JP": "japanese", "US": "anglo*7 latam*2 hindi chinese korean", "GB": "anglo*6 irish hindi pakistani",
        "FR": "french*6 maghreb", "DE": "german*7 turkish", "SG": "sg_chinese*6 malay*2 south_indian*2",
        "KR": "korean", "TW": "taiwanese", "CN": "chinese", "IN": "hindi*3 south_indian*2", "IL": "hebrew",
        "EE": "estonian", "FI": "finnish", "SE": "swedish", "NL": "dutch", "CH": "german*3 french*2 italian",
        "AU": "anglo*5 chinese hindi", "CA": "anglo*5 french*2 chinese hindi", "BR": "brazilian", "KE": "kenyan",
        "NG": "nigerian", "VN": "vietnamese", "TH": "thai", "ID": "indonesian", "PH": "filipino",
        "MY": "malay*3 sg_chinese*2 south_indian", "UA": "ukrainian", "PL": "polish", "ES": "spanish",
        "IT": "italian", "HK": "hongkong", "NZ": "anglo", "IE": "irish*3 anglo", "BE": "dutch*3 french*2",
        "AT": "german", "DK": "danish_norwegian", "NO": "danish_norwegian", "PT": "portuguese", "CZ": "czech",
        "LT": "lithuanian", "LV": "latvian", "HU": "hungarian", "RO": "romanian", "BG": "bulgarian", "GR": "greek",
        "HR": "croatian", "SI": "slovenian", "SK": "slovak", "LU": "french*2 german", "IS": "icelandic",
        "TR": "turkish", "AE": "gulf", "SA": "gulf", "QA": "gulf", "EG": "egyptian", "MA": "maghreb",
        "TN": "maghreb", "ZA": "south_african", "GH": "ghanaian", "RW": "rwandan", "ET": "ethiopian",
        "SN": "senegalese", "MX": "latam", "CL": "latam", "CO": "latam", "AR": "latam", "PE": "latam",
        "UY": "latam", "BD": "bangladeshi", "PK": "pakistani", "LK": "sri_lankan", "NP": "nepali", "KH": "khmer",
        "MN": "mongolian", "KZ": "kazakh", "UZ": "uzbek", "GE": "georgian", "AM": "armenian", "CY": "greek",
        "MT": "maltese", "RS": "serbian", "JO": "levantine", "RU": "russian",
    }.items()
}  # fmt: skip

# -- Startups ---------------------------------------------------------------------------------------------------------

#: Stand-alone brand words with their katakana, first word of "Nova Robotics" (ノヴァロボティクス).
_BRAND_WORDS = _pairs(
    "Nova=ノヴァ, Astra=アストラ, Lumen=ルーメン, Kite=カイト, Beacon=ビーコン, Summit=サミット, "
    "Vertex=バーテックス, Orbit=オービット, Zenith=ゼニス, Prism=プリズム, Polaris=ポラリス, Aurora=オーロラ, "
    "Atlas=アトラス, Cobalt=コバルト, Cedar=シーダー, Ember=エンバー, Harbor=ハーバー, Horizon=ホライズン, "
    "Keystone=キーストーン, Maple=メープル, Meridian=メリディアン, Nimbus=ニンバス, Onyx=オニキス, "
    "Quartz=クォーツ, Radiant=ラディアント, Tandem=タンデム, Vela=ヴェラ, Willow=ウィロー, Zephyr=ゼファー, "
    "Arc=アーク, Bright=ブライト, Clear=クリア, Deep=ディープ, Edge=エッジ, Echo=エコー, Flux=フラックス, "
    "Glow=グロー, Halo=ハロー, Jade=ジェイド, Mosaic=モザイク, North=ノース, Opal=オパール, Ridge=リッジ, "
    "Spark=スパーク, Tide=タイド, Vivid=ヴィヴィッド, Wave=ウェーブ, Axis=アクシス, Crest=クレスト, "
    "Falcon=ファルコン, Granite=グラナイト, Nexus=ネクサス, Origin=オリジン, Pulse=パルス, Relay=リレー, "
    "Solstice=ソルスティス, Vector=ベクター, Alder=アルダー, Birch=バーチ, Drift=ドリフト, Fern=ファーン, "
    "Grove=グローブ, Heron=ヘロン, Indigo=インディゴ, Kestrel=ケストレル, Lark=ラーク, Osprey=オスプレイ, "
    "Quasar=クエーサー, Slate=スレート, Verdant=ヴァーダント, Wren=レン, Cascade=カスケード, Lumina=ルミナ, "
    "Sprout=スプラウト, Trellis=トレリス, Bloom=ブルーム"
)

#: Japanese words: romaji=katakana/kanji, first word of "Mirai Robotics" (ミライ… or 未来ロボティクス).
_JP_WORDS = _japanese_words(
    "Sakura=サクラ/桜, Mirai=ミライ/未来, Hikari=ヒカリ/光, Sora=ソラ/空, Kaze=カゼ/風, Tsubasa=ツバサ/翼, "
    "Hoshi=ホシ/星, Midori=ミドリ/緑, Kibou=キボウ/希望, Musubi=ムスビ/結, Takumi=タクミ/匠, Kaizen=カイゼン/改善, "
    "Hinata=ヒナタ/日向, Akari=アカリ/灯, Tsumugi=ツムギ/紡, Kizuna=キズナ/絆, Nagomi=ナゴミ/和, "
    "Minori=ミノリ/実り, Iroha=イロハ/いろは, Hibana=ヒバナ/火花, Kanade=カナデ/奏, Shizuku=シズク/雫, "
    "Asagi=アサギ/浅葱, Kumo=クモ/雲, Umi=ウミ/海, Komorebi=コモレビ/木漏れ日, Hayate=ハヤテ/疾風, "
    "Ginga=ギンガ/銀河, Kagura=カグラ/神楽, Tenku=テンク/天空, Wakaba=ワカバ/若葉, Kotoba=コトバ/言葉, "
    "Tomoshibi=トモシビ/灯火, Seiun=セイウン/星雲, Aozora=アオゾラ/青空, Kagayaki=カガヤキ/輝き, "
    "Sazanami=サザナミ/漣, Tsubomi=ツボミ/蕾, Kirameki=キラメキ/煌めき, Enishi=エニシ/縁, Haruka=ハルカ/遥, "
    "Kasane=カサネ/重ね, Nozomi=ノゾミ/望, Michi=ミチ/道, Tsunagu=ツナグ/つなぐ, Hagukumi=ハグクミ/育み"
)

#: First halves of fused names such as "NeuroLoop", for every sector.
_GENERIC_ROOTS = _split(
    "Nova, Astra, Opti, Omni, Hyper, Zen, Lumi, Clear, True, Bright, Blue, Quanta, Neo, Ever, Aero, Vita, Syn, "
    "Inno, Flex, Evo, Next, Smart, Deep, Open, Aqua, Sol, Helio, Poly, Uni, Veri, Ultra, Axon, Kite, Tera, "
    "Peak, Echo, Kaizen, Lucid, Nimbi, Orion"
)

#: Second halves of fused names such as "AgriSense", for every sector.
_GENERIC_TAILS = _split(
    "Loop, Sense, Mind, Flow, Stack, Grid, Path, Forge, Nest, Shift, Pulse, Sphere, Craft, Scope, Wave, Link, "
    "Logic, Mesh, Hive, Spark, Core, Bridge, Lens, Point, Beam, Field, Leaf, Gate, Mark, Way, Ops, Tide, Verse, "
    "Wise, Track, Sync, Dock, Works, Labs, Base"
)

#: Last words of "AgriSense Labs", for every sector.
_GENERIC_SUFFIXES = _split("Labs, Technologies, Systems, Tech")


def _sector(nouns: str, roots: str, tails: str, suffixes: str, offerings: tuple[tuple[str, str, str], ...]) -> _Sector:
    return _Sector(
        _pairs(nouns),
        _split(roots) + _GENERIC_ROOTS,
        _split(tails) + _GENERIC_TAILS,
        _split(suffixes) + _GENERIC_SUFFIXES,
        offerings,
    )


#: Word parts and pitch material per sector slug; nouns are "English=katakana".
_SECTORS: dict[str, _Sector] = {
    "ai-digital": _sector(
        nouns=(
            "AI=エーアイ, Intelligence=インテリジェンス, Analytics=アナリティクス, Data=データ, Labs=ラボ, "
            "Cloud=クラウド, Vision=ビジョン, Digital=デジタル"
        ),
        roots="Neuro, Cogni, Data, Synth, Vector, Logi, Infer, Tensor, Cortex, Semantic",
        tails="Mind, Logic, Graph, Bit, Brain, Mesh, Query, Signal",
        suffixes="AI, Intelligence",
        offerings=(
            (
                "an LLM copilot that drafts maintenance reports from technicians' voice notes",
                "plant operators",
                "cut report-writing time by {pct}%",
            ),
            (
                "computer-vision quality inspection that runs on low-cost edge devices",
                "manufacturers",
                "reduce inspection misses by {pct}%",
            ),
            (
                "a privacy-preserving data platform for training Japanese-language models",
                "insurers",
                "cut data-preparation costs by {pct}%",
            ),
            (
                "multilingual voice agents for contact centres",
                "contact-centre operators",
                "answer {pct}% of routine calls without a human",
            ),
            (
                "an AI search layer over enterprise documents, drawings and e-mails",
                "trading companies",
                "cut time spent searching for documents by {pct}%",
            ),
        ),
    ),
    "semiconductors": _sector(
        nouns=(
            "Semiconductor=セミコンダクター, Photonics=フォトニクス, Silicon=シリコン, Devices=デバイス, "
            "Microsystems=マイクロシステムズ, Quantum=クオンタム, Materials=マテリアルズ, Circuits=サーキッツ"
        ),
        roots="Photon, Nano, Wafer, Litho, Chip, Qubit, Spin, Gallium, Sili, Ion",
        tails="Chip, Gate, Die, Wafer, Photon, Logic, Bit, Junction",
        suffixes="Semiconductor, Microsystems",
        offerings=(
            (
                "low-power AI accelerator chips for edge inference",
                "device makers",
                "cut inference power draw by {pct}%",
            ),
            (
                "silicon-photonics interconnects for data centres",
                "data-centre operators",
                "cut interconnect energy per bit by {pct}%",
            ),
            ("GaN power devices for fast EV chargers", "charger makers", "shrink charger size by {pct}%"),
            ("an inline wafer-defect inspection system", "fabs", "catch {pct}% more killer defects before final test"),
            ("chiplet packaging design software", "chip designers", "cut package design time by {pct}%"),
        ),
    ),
    "robotics": _sector(
        nouns=(
            "Robotics=ロボティクス, Dynamics=ダイナミクス, Motion=モーション, Automata=オートマタ, "
            "Mechatronics=メカトロニクス, Bots=ボッツ, Kinetics=キネティクス, Machines=マシンズ"
        ),
        roots="Robo, Mecha, Servo, Kine, Torq, Auto, Grip, Dexa, Cobo, Manipu",
        tails="Bot, Arm, Hand, Motion, Drive, Joint, Grip, Crawler",
        suffixes="Robotics, Dynamics",
        offerings=(
            (
                "dexterous picking robots for mixed-SKU warehouses",
                "logistics operators",
                "raise picking throughput by {pct}%",
            ),
            ("autonomous inspection crawlers for plant piping", "chemical plants", "cut inspection costs by {pct}%"),
            (
                "collaborative arms that learn a task from a single demonstration",
                "food factories",
                "cut robot set-up time by {pct}%",
            ),
            (
                "service robots for hotel and hospital logistics",
                "hospitals",
                "free up {pct}% of staff time for patient care",
            ),
            (
                "teleoperated robots for hazardous maintenance work",
                "utilities",
                "cut workers' exposure to hazards by {pct}%",
            ),
        ),
    ),
    "mobility": _sector(
        nouns=(
            "Mobility=モビリティ, Motors=モーターズ, Transit=トランジット, Drive=ドライブ, Aero=エアロ, "
            "Logistics=ロジスティクス, Fleet=フリート, Autonomy=オートノミー"
        ),
        roots="Moto, Velo, Drive, Route, Transit, Wheel, Ride, Fleet, Glide, Volta",
        tails="Ride, Route, Drive, Fleet, Wheel, Lane, Go, Hop",
        suffixes="Mobility, Motors",
        offerings=(
            (
                "a fleet-charging platform for electric delivery vans",
                "logistics companies",
                "cut fleet energy costs by {pct}%",
            ),
            (
                "Level-4 autonomous shuttles for regional towns",
                "bus operators",
                "cut operating costs per passenger by {pct}%",
            ),
            (
                "drone delivery for remote islands and mountain villages",
                "municipalities",
                "cut delivery times by {pct}%",
            ),
            (
                "battery-swapping stations for e-scooters and light EVs",
                "ride-hailing fleets",
                "raise vehicle utilisation by {pct}%",
            ),
            (
                "MaaS software that bundles rail, bus and bike sharing in one ticket",
                "railway groups",
                "raise off-peak ridership by {pct}%",
            ),
        ),
    ),
    "healthtech": _sector(
        nouns=(
            "Health=ヘルス, Medical=メディカル, Care=ケア, Diagnostics=ダイアグノスティクス, MedTech=メドテック, "
            "Wellness=ウェルネス, Digital Health=デジタルヘルス, Clinic=クリニック"
        ),
        roots="Medi, Care, Vita, Cardio, Derma, Health, Thera, Clini, Sana, Dia",
        tails="Care, Health, Med, Doc, Beat, Vitals, Well, Clinic",
        suffixes="Health, Medical",
        offerings=(
            ("an AI triage app for primary-care clinics", "local clinics", "shorten waiting times by {pct}%"),
            ("remote-monitoring wearables for heart-failure patients", "hospitals", "cut readmissions by {pct}%"),
            (
                "a telehealth platform for elderly-care homes",
                "elderly-care operators",
                "cut avoidable hospital transfers by {pct}%",
            ),
            ("digital therapeutics for insomnia", "health insurers", "improve patients' sleep scores by {pct}%"),
            (
                "ultrasound guidance software for non-specialist nurses",
                "regional hospitals",
                "cut scan times by {pct}%",
            ),
        ),
    ),
    "life-sciences": _sector(
        nouns=(
            "Bio=バイオ, Therapeutics=セラピューティクス, Genomics=ゲノミクス, Biosciences=バイオサイエンス, "
            "Pharma=ファーマ, Biologics=バイオロジクス, Life Sciences=ライフサイエンス, Cell=セル"
        ),
        roots="Gen, Bio, Cell, Protea, Immuno, Onco, Helix, Enzy, Pepti, Myco",
        tails="Gen, Cell, Bio, Cure, Thera, Omics, Vax, Zyme",
        suffixes="Therapeutics, Bio, Biosciences",
        offerings=(
            ("an AI platform for antibody discovery", "pharmaceutical companies", "shorten lead discovery by {pct}%"),
            (
                "mRNA delivery based on novel lipid nanoparticles",
                "biotech companies",
                "cut the required dose by {pct}%",
            ),
            ("organ-on-chip models that replace animal testing", "CROs", "cut animal studies by {pct}%"),
            (
                "a rapid point-of-care test for respiratory infections",
                "clinics",
                "deliver results {pct}% faster than lab PCR",
            ),
            (
                "closed, automated manufacturing for cell therapies",
                "university hospitals",
                "cut manufacturing costs by {pct}%",
            ),
        ),
    ),
    "agritech": _sector(
        nouns=(
            "Agri=アグリ, Farms=ファームズ, Harvest=ハーベスト, AgTech=アグテック, Foods=フーズ, "
            "Aquaculture=アクアカルチャー, Greens=グリーンズ, Crop Science=クロップサイエンス"
        ),
        roots="Agri, Crop, Harvest, Soil, Seed, Farm, Grain, Hydro, Orchard, Agro",
        tails="Farm, Crop, Root, Seed, Field, Sprout, Harvest, Acre",
        suffixes="Agri, Farms",
        offerings=(
            ("satellite and drone crop monitoring for rice growers", "farm cooperatives", "raise yields by {pct}%"),
            ("precision irrigation controllers for smallholder farms", "fruit growers", "cut water use by {pct}%"),
            ("insect-based protein for aquaculture feed", "aquaculture farms", "cut feed costs by {pct}%"),
            ("AI greenhouse climate control", "greenhouse growers", "cut heating costs by {pct}%"),
            ("traceability software for seafood supply chains", "food processors", "cut paperwork by {pct}%"),
        ),
    ),
    "smart-cities": _sector(
        nouns=(
            "City=シティ, Urban=アーバン, Civic Tech=シビックテック, Spaces=スペーシズ, Metro=メトロ, "
            "Urban Labs=アーバンラボ, Living=リビング, Twin=ツイン"
        ),
        roots="Urban, Civic, Metro, City, Polis, Street, Block, Plaza, Town, Commune",
        tails="City, Town, Civic, Block, Street, Square, Polis, Ward",
        suffixes="Urban, City",
        offerings=(
            ("a digital-twin platform for urban planning", "city governments", "speed up planning approvals by {pct}%"),
            (
                "AI traffic-signal control that adapts to real-time demand",
                "transit authorities",
                "cut congestion by {pct}%",
            ),
            ("smart waste bins that optimise collection routes", "municipalities", "reduce collection trips by {pct}%"),
            (
                "disaster-alert networks built on low-power sensors",
                "prefectural offices",
                "deliver alerts {pct}% faster",
            ),
            ("a citizen-services app for local governments", "city halls", "cut counter visits by {pct}%"),
        ),
    ),
    "retail-tech": _sector(
        nouns=(
            "Retail=リテール, Commerce=コマース, Store=ストア, Checkout=チェックアウト, Market=マーケット, "
            "Loyalty=ロイヤルティ, Kiosk=キオスク, Shelf=シェルフ"
        ),
        roots="Shop, Cart, Shelf, Store, Basket, Retail, Market, Till, Loyal, Aisle",
        tails="Cart, Shelf, Shop, Basket, Till, Aisle, Buy, Store",
        suffixes="Commerce, Retail",
        offerings=(
            (
                "checkout-free store technology for convenience stores",
                "convenience stores",
                "cut staffing costs per store by {pct}%",
            ),
            ("shelf-scanning robots that detect out-of-stocks", "supermarket chains", "cut out-of-stocks by {pct}%"),
            ("demand forecasting that cuts food waste", "grocery chains", "cut food waste by {pct}%"),
            ("a loyalty platform for independent retailers", "independent retailers", "lift repeat visits by {pct}%"),
            ("virtual try-on for fashion e-commerce", "fashion brands", "cut returns by {pct}%"),
        ),
    ),
    "renewable-energy": _sector(
        nouns=(
            "Energy=エナジー, Power=パワー, Solar=ソーラー, Wind=ウィンド, Hydrogen=ハイドロジェン, "
            "Grid=グリッド, Storage=ストレージ, Battery=バッテリー"
        ),
        roots="Solar, Volt, Wind, Watt, Amp, Hydro, Tidal, Geo, Fusion, Photo",
        tails="Volt, Watt, Power, Charge, Cell, Grid, Sun, Current",
        suffixes="Energy, Power",
        offerings=(
            (
                "perovskite solar films for building facades",
                "real-estate developers",
                "generate {pct}% of a building's power on site",
            ),
            (
                "a virtual power plant that aggregates home batteries",
                "energy retailers",
                "lower peak energy costs by {pct}%",
            ),
            (
                "condition monitoring for floating offshore wind",
                "wind-farm operators",
                "cut maintenance trips by {pct}%",
            ),
            ("green-hydrogen electrolysers for industrial heat", "factory owners", "cut hydrogen costs by {pct}%"),
            ("grid-scale sodium-ion storage", "utilities", "cut renewable curtailment by {pct}%"),
        ),
    ),
    "greentech": _sector(
        nouns=(
            "Carbon=カーボン, Cycle=サイクル, Earth=アース, Circular=サーキュラー, Climate=クライメート, "
            "Green=グリーン, Water=ウォーター, Planet=プラネット"
        ),
        roots="Eco, Carbon, Circula, Enviro, Leaf, Clean, Verde, Re, Cycle, Terra",
        tails="Cycle, Leaf, Loop, Carbon, Earth, Green, Bloom, Moss",
        suffixes="Climate, Earth",
        offerings=(
            (
                "carbon accounting software for supply chains",
                "consumer brands",
                "cut Scope 3 reporting effort by {pct}%",
            ),
            (
                "a process that recycles mixed textiles into new fibre",
                "apparel makers",
                "cut virgin fibre use by {pct}%",
            ),
            ("biodegradable packaging made from seaweed", "food brands", "cut packaging emissions by {pct}%"),
            ("modular direct-air-capture units", "industrial parks", "cut capture costs by {pct}%"),
            (
                "a marketplace for surplus industrial materials",
                "manufacturers",
                "divert {pct}% of surplus materials from landfill",
            ),
        ),
    ),
    "smart-infrastructure": _sector(
        nouns=(
            "Infrastructure=インフラストラクチャー, Structures=ストラクチャーズ, Sensing=センシング, "
            "Monitoring=モニタリング, Infra=インフラ, Engineering=エンジニアリング, Networks=ネットワークス, "
            "Utilities=ユーティリティーズ"
        ),
        roots="Infra, Struct, Bridge, Pipe, Rail, Sensor, Span, Civil, Tunnel, Geo",
        tails="Span, Rail, Pipe, Beam, Sensor, Struct, Pillar, Gauge",
        suffixes="Infrastructure, Engineering",
        offerings=(
            (
                "fibre-optic sensing for bridge and tunnel health monitoring",
                "road operators",
                "cut inspection costs by {pct}%",
            ),
            (
                "AI analysis of drone imagery for infrastructure inspection",
                "construction firms",
                "cut inspection time by {pct}%",
            ),
            ("predictive maintenance for ageing water pipes", "water utilities", "cut pipe bursts by {pct}%"),
            (
                "wireless vibration sensors for railway tracks",
                "railway companies",
                "detect track faults {pct}% earlier",
            ),
            ("a BIM-based asset-management platform", "municipalities", "cut maintenance planning time by {pct}%"),
        ),
    ),
    "manufacturing-automation": _sector(
        nouns=(
            "Automation=オートメーション, Factory=ファクトリー, Manufacturing=マニュファクチャリング, "
            "Fabrication=ファブリケーション, Industrial=インダストリアル, Precision=プレシジョン, "
            "Machining=マシニング, Works=ワークス"
        ),
        roots="Fab, Mill, Tool, Proto, Machina, Weld, Cast, Press, Line, Factori",
        tails="Fab, Mill, Tool, Line, Shop, Cell, Floor, Works",
        suffixes="Automation, Industrial",
        offerings=(
            ("no-code programming for industrial robots", "SME manufacturers", "cut robot programming time by {pct}%"),
            ("AI visual inspection for small-lot production", "electronics makers", "reduce defects shipped by {pct}%"),
            ("a factory OS that connects legacy machines", "automotive suppliers", "raise OEE by {pct}%"),
            (
                "digital work instructions that capture skilled workers' know-how",
                "machine-tool builders",
                "cut training time for new workers by {pct}%",
            ),
            ("autonomous mobile robots for factory intralogistics", "food plants", "cut forklift trips by {pct}%"),
        ),
    ),
    "fintech": _sector(
        nouns=(
            "Pay=ペイ, Finance=ファイナンス, Fintech=フィンテック, Money=マネー, Ledger=レジャー, "
            "Wallet=ウォレット, Credit=クレジット, Payments=ペイメンツ"
        ),
        roots="Fin, Pay, Coin, Ledger, Cash, Credit, Wallet, Lend, Fund, Tally",
        tails="Pay, Coin, Ledger, Cash, Lend, Wallet, Fund, Vault",
        suffixes="Finance, Pay",
        offerings=(
            ("cross-border payments for SMEs in Asia", "exporters", "cut transfer fees by {pct}%"),
            (
                "an embedded-finance API for B2B marketplaces",
                "e-commerce platforms",
                "lift marketplace sales by {pct}%",
            ),
            (
                "AI credit scoring for thin-file borrowers",
                "regional banks",
                "approve {pct}% more SME loans at the same risk",
            ),
            ("compliance automation for banks", "banks", "reduce compliance workload by {pct}%"),
            ("a stablecoin settlement network for trade finance", "trading houses", "cut settlement times by {pct}%"),
        ),
    ),
}

#: Local-flavoured first words for startups outside Japan (Swahili "Jua", Hebrew "Ofek", …): countries, words.
_FLAVOR_GROUPS = (
    ("FR BE LU CH SN MA TN", "Azur, Éclat, Lumière, Envol, Onde, Sillage"),
    ("DE AT CH", "Funke, Stern, Welle, Blitz, Alpen"),
    ("SE NO DK FI IS EE", "Nord, Fjord, Frost, Saga, Rune, Tundra"),
    ("LV LT PL CZ SK UA BG RS HR SI", "Zora, Svit, Volna, Jantar"),
    ("IT MT", "Luce, Stella, Vento, Onda, Faro"),
    ("ES MX CL CO AR PE UY PT BR PH", "Sol, Luz, Cielo, Brisa, Rumbo, Ceiba, Alba"),
    ("IN NP LK BD", "Veda, Prana, Agni, Surya, Akash, Disha"),
    ("KE RW ET", "Jua, Nuru, Umoja, Pamoja, Zuri, Maji"),
    ("NG GH", "Ayo, Ife, Sankofa, Imole, Ebube"),
    ("ZA", "Lesedi, Khanya, Vuka"),
    ("AE SA QA EG JO MA TN", "Noor, Sama, Falak, Qamar, Amal"),
    ("IL", "Keshet, Shemesh, Ofek, Tikva"),
    ("TR", "Deniz, Bulut, Rüzgar, Işık"),
    ("GR CY", "Helios, Kairos, Lyra, Thalassa, Aether"),
    ("KR", "Nuri, Haneul, Byeol, Saebit, Barami"),
    ("CN TW HK SG MY", "Tian, Xing, Yun, Feng, Lan"),
    ("VN", "Sao, Sen, Mây, Biển"),
    ("TH", "Siam, Dao, Fah"),
    ("ID MY", "Nusa, Cahaya, Angkasa, Samudra"),
    ("PH", "Tala, Likha, Bayani, Dagat"),
    ("MN KZ UZ", "Steppe, Altai, Tengri, Nomad"),
)

#: The flavour words of each country.
_FLAVOR_WORDS: dict[str, tuple[str, ...]] = {
    code: tuple(word for codes, words in _FLAVOR_GROUPS if code in codes.split() for word in _split(words))
    for code in COUNTRIES
}

# -- Investors --------------------------------------------------------------------------------------------------------

#: Business districts of Tokyo, Osaka and Fukuoka: romaji=kanji.
_JP_DISTRICTS = _pairs(
    "Shibuya=渋谷, Marunouchi=丸の内, Roppongi=六本木, Otemachi=大手町, Shinagawa=品川, Umeda=梅田, "
    "Hakata=博多, Nihonbashi=日本橋, Akihabara=秋葉原, Toranomon=虎ノ門"
)

#: Japanese regions and cities: romaji=kanji.
_JP_REGIONS = _pairs(
    "Kansai=関西, Kyushu=九州, Tohoku=東北, Hokkaido=北海道, Sendai=仙台, Yokohama=横浜, Kobe=神戸, "
    "Kyoto=京都, Nagoya=名古屋, Fukuoka=福岡, Osaka=大阪, Tokyo=東京, Setouchi=瀬戸内, Shonan=湘南, "
    "Musashi=武蔵, Kanto=関東, Chubu=中部, Hokuriku=北陸, Shikoku=四国, Okinawa=沖縄, Tsukuba=つくば, "
    "Hiroshima=広島, Kitakyushu=北九州, Niigata=新潟, Shizuoka=静岡, Kumamoto=熊本, Kanazawa=金沢, "
    "Sapporo=札幌, Nagano=長野, Okayama=岡山"
)

#: What Japanese investors are named after: districts, regions and cities.
_JP_PLACES = _JP_DISTRICTS + _JP_REGIONS

#: Rivers, regions and cities that name investors outside Japan.
_PLACES: dict[str, tuple[str, ...]] = {
    code: _split(names)
    for code, names in {
        "US": "Hudson, Cascade, Sierra, Redwood, Mesa, Lakeshore, Prairie, Potomac",
        "GB": "Thames, Pennine, Albion, Mersey, Cotswold, Clyde", "FR": "Seine, Azur, Rhône, Loire, Lutèce",
        "DE": "Rhein, Spree, Isar, Elbe, Main", "SG": "Marina, Straits, Lion City, Sentosa",
        "KR": "Han River, Gangnam, Pangyo, Busan", "TW": "Formosa, Hsinchu, Taipei",
        "CN": "Yangtze, Pearl River, Shenzhen Bay, Hangzhou", "IN": "Deccan, Indus, Bengaluru, Malabar",
        "IL": "Negev, Carmel, Galilee, Jaffa", "EE": "Tallinn, Baltic, Tartu", "FI": "Helsinki, Lapland, Saimaa",
        "SE": "Stockholm, Nordic, Öresund", "NL": "Delta, Amstel, Randstad", "CH": "Alpine, Léman, Helvetia",
        "AU": "Southern Cross, Coral Sea, Yarra", "CA": "Maple, Laurentian, Northern Lights",
        "BR": "Paulista, Amazonia, Carioca", "KE": "Savannah, Rift Valley, Nairobi", "NG": "Lagos, Niger Delta, Lekki",
        "VN": "Mekong, Saigon, Red River", "TH": "Chao Phraya, Siam, Andaman", "ID": "Nusantara, Java, Archipelago",
        "PH": "Luzon, Visayas, Manila Bay", "MY": "Malaya, Borneo, Straits", "UA": "Dnipro, Kyiv, Carpathian",
        "PL": "Vistula, Baltic, Kraków", "ES": "Iberian, Mediterranean, Castilla", "IT": "Tiber, Adriatic, Lombardy",
        "HK": "Victoria Harbour, Kowloon, Pearl River", "NZ": "Aotearoa, Southern Alps, Tasman",
        "IE": "Liffey, Emerald, Atlantic", "BE": "Scheldt, Flanders, Wallonia", "AT": "Danube, Alpine, Vienna",
        "DK": "Øresund, Jutland, Nordic", "NO": "Fjord, Nordic, Arctic", "PT": "Tejo, Atlantic, Lusitania",
        "CZ": "Vltava, Bohemia, Moravia", "LT": "Baltic, Neris, Vilnius", "LV": "Baltic, Daugava, Riga",
        "HU": "Danube, Pannonia, Balaton", "RO": "Carpathian, Danube, Transylvania", "BG": "Balkan, Black Sea, Sofia",
        "GR": "Aegean, Hellenic, Attica", "HR": "Adriatic, Dalmatia, Zagreb", "SI": "Alpine, Ljubljana, Triglav",
        "SK": "Danube, Tatra, Bratislava", "LU": "Moselle, Ardennes", "IS": "Arctic, Reykjavík, Geysir",
        "TR": "Bosphorus, Anatolia, Aegean", "AE": "Gulf, Emirates, Arabian", "SA": "Arabian, Red Sea, Najd",
        "QA": "Gulf, Doha, Lusail", "EG": "Nile, Delta, Cairo", "MA": "Atlas, Maghreb, Casablanca",
        "TN": "Carthage, Maghreb, Sahel", "ZA": "Cape, Highveld, Karoo", "GH": "Gold Coast, Accra, Volta",
        "RW": "Great Lakes, Kigali, Thousand Hills", "ET": "Abyssinia, Blue Nile, Addis", "SN": "Sahel, Dakar, Teranga",
        "MX": "Azteca, Sierra Madre, Bajío", "CL": "Andes, Pacific, Patagonia", "CO": "Andes, Caribe, Antioquia",
        "AR": "Pampas, Río de la Plata, Patagonia", "PE": "Andes, Inca, Pacific", "UY": "Río de la Plata, Montevideo",
        "BD": "Bengal, Padma, Dhaka", "PK": "Indus, Punjab, Karakoram", "LK": "Serendib, Ceylon, Lanka",
        "NP": "Himalayan, Everest, Kathmandu", "KH": "Mekong, Angkor, Tonlé", "MN": "Steppe, Gobi, Altai",
        "KZ": "Steppe, Silk Road, Altai", "UZ": "Silk Road, Samarkand, Turan", "GE": "Caucasus, Black Sea, Kartli",
        "AM": "Ararat, Caucasus, Yerevan", "CY": "Mediterranean, Troodos, Limassol",
        "MT": "Mediterranean, Valletta, Melita",
        "RS": "Danube, Balkan, Belgrade", "JO": "Petra, Levant, Jordan Valley", "RU": "Volga, Neva, Ural",
    }.items()
}  # fmt: skip

#: Places for a country not in `_PLACES`.
_DEFAULT_PLACES = _split("Global, Pacific, Continental, Horizon")

#: Middle words of investor names ("Shibuya Frontier Ventures"): English=katakana.
_QUALIFIERS = _pairs(
    "Frontier=フロンティア, Deep Tech=ディープテック, Growth=グロース, Horizon=ホライズン, Catalyst=カタリスト, "
    "Summit=サミット, Impact=インパクト, Seed=シード, Ascent=アセント, Momentum=モメンタム, Keystone=キーストーン, "
    "Meridian=メリディアン, Compass=コンパス, Beacon=ビーコン, Harbor=ハーバー, Bridge=ブリッジ, Spark=スパーク, "
    "Ember=エンバー, Tidal=タイダル, Orbit=オービット, Zenith=ゼニス, Lighthouse=ライトハウス, "
    "Northstar=ノーススター, Evergreen=エバーグリーン, Bluewater=ブルーウォーター, Ironwood=アイアンウッド, "
    "Silverline=シルバーライン, Cedar=シーダー, Granite=グラナイト, Quantum=クオンタム, Signal=シグナル, "
    "Foundry=ファウンドリー, Launch=ローンチ, Elevate=エレベート, Kindling=キンドリング, Anchor=アンカー, "
    "Pathfinder=パスファインダー, Trailhead=トレイルヘッド, Crescent=クレセント, Prism=プリズム, "
    "Polaris=ポラリス, Emerging=エマージング, Open Innovation=オープンイノベーション, "
    "Sustainable=サステナブル, Climate=クライメート, Future=フューチャー, Global=グローバル, Dawn=ドーン, "
    "Tailwind=テイルウィンド, Keel=キール, Ridgeline=リッジライン"
)

#: Last words of venture-capital names: English=katakana.
_VC_KINDS = _pairs(
    "Ventures=ベンチャーズ, Capital=キャピタル, Partners=パートナーズ, Venture Partners=ベンチャーパートナーズ, "
    "Fund=ファンド, Investment=インベストメント"
)

#: Last words of corporate-VC names.
_CVC_KINDS = _pairs(
    "Ventures=ベンチャーズ, Innovation Fund=イノベーションファンド, "
    "Corporate Venture Capital=コーポレートベンチャーキャピタル, Open Innovation Fund=オープンイノベーションファンド, "
    "Innovation Partners=イノベーションパートナーズ, Venture Capital=ベンチャーキャピタル"
)

#: Last words of public funds: English=Japanese.
_GOV_KINDS = _pairs(
    "Innovation Fund=イノベーションファンド, Startup Fund=スタートアップファンド, "
    "Regional Revitalization Fund=地域活性化ファンド, Industrial Promotion Fund=産業振興ファンド, "
    "Open Innovation Fund=オープンイノベーションファンド, Deep Tech Fund=ディープテックファンド, "
    "Growth Support Fund=成長支援ファンド, Future Industry Fund=未来産業ファンド"
)

#: Last words of public funds outside Japan.
_GOV_KINDS_GLOBAL = _split(
    "Innovation Fund, Enterprise Fund, Development Fund, Deep Tech Fund, Growth Fund, Technology Fund, "
    "Future Fund, Innovation Agency, Investment Agency"
)

#: Last words of Japanese banks and brokers.
_BANK_KINDS = _pairs(
    "Bank=銀行, Trust Bank=信託銀行, Shinkin Bank=信用金庫, Credit Cooperative=信用組合, "
    "Financial Group=フィナンシャルグループ, Securities=証券, Asset Management=アセットマネジメント"
)

#: Last words of banks outside Japan.
_BANK_KINDS_GLOBAL = _split(
    "Bank, Commercial Bank, Savings Bank, Banking Group, Financial Group, Development Bank, Trust, Securities"
)

#: Last words of accelerators: English=katakana.
_ACCELERATOR_KINDS = _pairs(
    "Accelerator=アクセラレーター, Startup Studio=スタートアップスタジオ, Incubator=インキュベーター, "
    "Launchpad=ローンチパッド, Innovation Hub=イノベーションハブ, Founders Lab=ファウンダーズラボ, "
    "Venture Builder=ベンチャービルダー, Startup Campus=スタートアップキャンパス"
)

#: Invented Japanese corporate names (no real group's): romaji=kanji, as in "Hoshino Heavy Industries".
_JP_CORP_NAMES = _pairs(
    "Hoshino=星野, Takamine=高峰, Asagiri=朝霧, Shirakawa=白川, Hinode=日の出, Akatsuki=暁, Ginga=銀河, "
    "Kotobuki=寿, Hayate=疾風, Kurogane=黒鉄, Midorikawa=緑川, Takarada=宝田, Seiran=青嵐, Shinonome=東雲, "
    "Yamabuki=山吹, Okawa=大川, Kazahaya=風早, Amagi=天城, Hakuba=白馬, Kurama=鞍馬, Chitose=千歳, Yasaka=八坂, "
    "Tachibana=橘, Otori=鳳, Aoba=青葉, Wakaba=若葉, Hagane=鋼, Tsubame=燕, Sakuragawa=桜川, Kiyose=清瀬, "
    "Kogane=黄金, Hirose=広瀬, Mizusawa=水沢, Fujinami=藤波, Enomoto=榎本, Kurokawa=黒川, Mikage=御影, "
    "Hoshizora=星空, Shiranui=不知火, Tsurugi=剣, Hokusei=北星, Tenkai=天海, Asahina=朝比奈, Kiyotaki=清滝, "
    "Kurenai=紅, Murasaki=紫, Kohaku=琥珀, Ruri=瑠璃, Sango=珊瑚, Hisui=翡翠, Kogetsu=湖月"
)

#: Industries of corporate partners: English=Japanese.
_INDUSTRIES = _pairs(
    "Heavy Industries=重工業, Electric=電機, Chemical=化学, Trading=商事, Steel=製鉄, Motors=自動車, "
    "Pharmaceutical=製薬, Construction=建設, Logistics=物流, Precision=精機, Electronics=電子, Optical=光学, "
    "Shipbuilding=造船, Textiles=繊維, Railway=鉄道, Real Estate=不動産, Telecom=通信, Foods=食品, "
    "Engineering=エンジニアリング, Holdings=ホールディングス, Industries=工業, Machinery=機械, Paper=製紙, "
    "Glass=ガラス, Materials=マテリアル, Cement=セメント, Energy=エネルギー, Gas=ガス"
)

#: Company legal forms by country, for corporate partners outside Japan.
_LEGAL_FORMS: dict[str, tuple[str, ...]] = {
    code: tuple(forms.split("|"))
    for code, forms in {
        "US": "Inc.|Corp.", "GB": "plc|Ltd", "FR": "SA", "DE": "AG|GmbH", "AT": "AG|GmbH", "CH": "AG|SA",
        "NL": "N.V.|B.V.", "BE": "NV|SA", "SE": "AB", "FI": "Oyj", "NO": "ASA", "DK": "A/S", "IT": "S.p.A.",
        "ES": "S.A.", "PT": "S.A.", "BR": "S.A.|Ltda.", "KR": "Co., Ltd.", "TW": "Co., Ltd.", "CN": "Co., Ltd.",
        "HK": "Ltd.", "SG": "Pte. Ltd.", "MY": "Berhad", "AU": "Ltd", "IN": "Ltd.", "IL": "Ltd.", "CA": "Inc.|Ltd.",
    }.items()
}  # fmt: skip

# -- Pitches ----------------------------------------------------------------------------------------------------------

_PITCH_VERBS = ("builds", "develops", "offers", "has built", "makes")
_PITCH_ASKS = (
    "We are looking for PoC partners in Japan.",
    "We are looking for distribution partners in Japan.",
    "We want to meet corporate partners for field trials in Japan.",
    "We are raising a {round} round and looking for a Japanese lead investor.",
    "We are expanding to Japan and seeking system-integrator partners.",
    "Now raising a {round} round to scale across Asia.",
    "We are looking for pilot customers in Japan.",
)
_ROUNDS = ("pre-seed", "seed", "Series A", "Series B")

# -- Generators -------------------------------------------------------------------------------------------------------


def startup_countries(rng: random.Random, count: int = 434) -> list[str]:
    """`count` shuffled country codes: 40% "JP", every other country at least once, big startup nations more."""
    japan = round(0.4 * count)
    others = COUNTRIES[1:]
    abroad = count - japan
    if japan < 1 or abroad < len(others):
        raise ValueError(f"{count} startups cannot cover all {len(COUNTRIES)} countries with 40% from Japan")
    weights = [_STARTUP_WEIGHTS.get(code, 1) for code in others]
    codes = ["JP"] * japan + list(others) + rng.choices(others, weights=weights, k=abroad - len(others))
    rng.shuffle(codes)
    return codes


def _person(rng: random.Random, country: str) -> tuple[_Pool, _Name, _Name]:
    """A pool fitting `country`, and a given and a family name from it (a woman's or a man's)."""
    pool = _POOLS[rng.choice(_COUNTRY_POOLS.get(country, ("anglo",)))]
    female = rng.random() < 0.5
    given = rng.choice(pool.female if female else pool.male)
    first = rng.choice(pool.family)
    family = first.female if female else first.male
    if pool.double and rng.random() < pool.double:
        second = rng.choice(pool.family)
        if second is not first:
            family = _Name(f"{family.latin} {(second.female if female else second.male).latin}", None)
    return pool, given, family


def _local_name(pool: _Pool, country: str, given: _Name, family: _Name) -> str | None:
    """The name in local script, in that script's order, or None."""
    if country not in pool.local_countries or not given.local or not family.local:
        return None
    if pool.order == "fg":
        return family.local + given.local
    if pool.order == "f g":
        return f"{family.local} {given.local}"
    return f"{given.local} {family.local}"


def person_name(rng: random.Random, country: str) -> tuple[str, str | None]:
    """("Given Family" in Latin script, the name in local script or None), e.g. ("Taro Yamada", "山田 太郎")."""
    country = country.upper()
    pool, given, family = _person(rng, country)
    return f"{given.latin} {family.latin}", _local_name(pool, country, given, family)


def _sector_of(sector: str) -> _Sector:
    try:
        return _SECTORS[sector]
    except KeyError:
        raise ValueError(f"unknown sector {sector!r}; expected one of {', '.join(SECTORS)}") from None


def _japanese_startup(rng: random.Random, spec: _Sector) -> tuple[str, str]:
    """("Sakura Mobility", "サクラモビリティ株式会社") or ("Mirai Robotics", "株式会社未来ロボティクス")."""
    noun = rng.choice(spec.nouns)
    if rng.random() < 0.6:
        word = rng.choice(_JP_WORDS)
        first = _Name(word.latin, word.kanji if rng.random() < 0.4 else word.kana)
    else:
        first = rng.choice(_BRAND_WORDS)
    core = f"{first.local}{noun.local}"
    local = f"株式会社{core}" if rng.random() < 0.4 else f"{core}株式会社"
    return f"{first.latin} {noun.latin}", local


def _fused(rng: random.Random, spec: _Sector) -> str:
    """A root and a tail run together: "NeuroLoop", "AgriSense"."""
    root = rng.choice(spec.roots)
    tail = rng.choice(spec.tails)
    while tail.lower() in root.lower() or root.lower() in tail.lower():
        tail = rng.choice(_GENERIC_TAILS)
    return root + tail


def _global_startup(rng: random.Random, country: str, spec: _Sector) -> str:
    """A name like "Kite Robotics", "NeuroLoop" or "AgriSense Labs"."""
    roll = rng.random()
    if roll < 0.4:
        flavor = _FLAVOR_WORDS.get(country)
        first = rng.choice(flavor) if flavor and rng.random() < 0.3 else rng.choice(_BRAND_WORDS).latin
        return f"{first} {rng.choice(spec.nouns).latin}"
    fused = _fused(rng, spec)
    suffix = rng.choice(spec.suffixes)
    return fused if roll < 0.75 or suffix.lower() in fused.lower() else f"{fused} {suffix}"


def startup_name(rng: random.Random, country: str, sector: str) -> tuple[str, str | None]:
    """A startup's name fitting `sector`, and for Japan its katakana/kanji name with 株式会社."""
    spec = _sector_of(sector)
    country = country.upper()
    if country == "JP":
        return _japanese_startup(rng, spec)
    return _global_startup(rng, country, spec), None


def _place(rng: random.Random, country: str) -> str:
    return rng.choice(_PLACES.get(country, _DEFAULT_PLACES))


def _place_or_brand(rng: random.Random, country: str) -> str:
    return _place(rng, country) if rng.random() < 0.5 else rng.choice(_BRAND_WORDS).latin


def _venture_capital(rng: random.Random, country: str) -> tuple[str, str | None]:
    """Like "Shibuya Frontier Ventures" (渋谷フロンティアベンチャーズ), "Kizuna Capital", "Kestrel Growth Partners"."""
    qualifier, kind = rng.choice(_QUALIFIERS), rng.choice(_VC_KINDS)
    if country == "JP":
        if rng.random() < 0.2:
            word = rng.choice(_JP_WORDS)
            if rng.random() < 0.5:
                return f"{word.latin} {kind.latin}", f"{word.kana}{kind.local}"
            return f"{word.latin} {qualifier.latin} {kind.latin}", f"{word.kana}{qualifier.local}{kind.local}"
        place = rng.choice(_JP_PLACES)
        return f"{place.latin} {qualifier.latin} {kind.latin}", f"{place.local}{qualifier.local}{kind.local}"
    return f"{_place_or_brand(rng, country)} {qualifier.latin} {kind.latin}", None


def _jp_corporation(rng: random.Random) -> _Name:
    """An invented Japanese corporation: "Hoshino Heavy Industries" (星野重工業)."""
    name, industry = rng.choice(_JP_CORP_NAMES), rng.choice(_INDUSTRIES)
    return _Name(f"{name.latin} {industry.latin}", f"{name.local}{industry.local}")


def _corporate_vc(rng: random.Random, country: str) -> tuple[str, str | None]:
    """Like "Hoshino Chemical Ventures" (星野化学ベンチャーズ) or "Rhein Materials Innovation Fund"."""
    kind = rng.choice(_CVC_KINDS)
    if country == "JP":
        corporation = _jp_corporation(rng) if rng.random() < 0.75 else rng.choice(_JP_CORP_NAMES)
        return f"{corporation.latin} {kind.latin}", f"{corporation.local}{kind.local}"
    return f"{_place_or_brand(rng, country)} {rng.choice(_INDUSTRIES).latin} {kind.latin}", None


def _angel(rng: random.Random, country: str) -> tuple[str, str | None]:
    """Like "Taro Yamada (Angel)", "Yamada Angel Partners" or "Yamada Family Office", with Japanese forms."""
    pool, given, family = _person(rng, country)
    local_full = _local_name(pool, country, given, family)
    roll = rng.random()
    if roll < 0.5:
        local = f"{local_full}（エンジェル投資家）" if local_full and country == "JP" else None
        return f"{given.latin} {family.latin} (Angel)", local
    latin_kind, local_kind = (
        ("Angel Partners", "エンジェルパートナーズ") if roll < 0.75 else ("Family Office", "ファミリーオフィス")
    )
    local = f"{family.local}{local_kind}" if local_full and country == "JP" else None
    return f"{family.latin} {latin_kind}", local


def _government_fund(rng: random.Random, country: str) -> tuple[str, str | None]:
    """Like "Kansai Innovation Fund" (関西イノベーションファンド) or "Baltic Deep Tech Fund"."""
    if country == "JP":
        place, kind = rng.choice(_JP_REGIONS), rng.choice(_GOV_KINDS)
        return f"{place.latin} {kind.latin}", f"{place.local}{kind.local}"
    return f"{_place(rng, country)} {rng.choice(_GOV_KINDS_GLOBAL)}", None


def _bank(rng: random.Random, country: str) -> tuple[str, str | None]:
    """Like "Hinode Shinkin Bank" (日の出信用金庫) or "Danube Savings Bank"."""
    if country == "JP":
        name, kind = rng.choice(_JP_CORP_NAMES), rng.choice(_BANK_KINDS)
        return f"{name.latin} {kind.latin}", f"{name.local}{kind.local}"
    return f"{_place_or_brand(rng, country)} {rng.choice(_BANK_KINDS_GLOBAL)}", None


def _accelerator(rng: random.Random, country: str) -> tuple[str, str | None]:
    """Like "Shibuya Startup Studio" (渋谷スタートアップスタジオ), "Kizuna Accelerator", "Negev Founders Lab"."""
    kind = rng.choice(_ACCELERATOR_KINDS)
    if country == "JP":
        if rng.random() < 0.6:
            first = rng.choice(_JP_PLACES)
        else:
            word = rng.choice(_JP_WORDS)
            first = _Name(word.latin, word.kana)
        return f"{first.latin} {kind.latin}", f"{first.local}{kind.local}"
    if rng.random() < 0.5:
        return f"{_place_or_brand(rng, country)} {kind.latin}", None
    return f"{_place_or_brand(rng, country)} {rng.choice(_QUALIFIERS).latin} {kind.latin}", None


def _corporate_partner(rng: random.Random, country: str) -> tuple[str, str | None]:
    """Like "Hoshino Heavy Industries" (星野重工業) or "Rhein Precision AG"."""
    if country == "JP":
        corporation = _jp_corporation(rng)
        return corporation.latin, corporation.local
    name = f"{_place_or_brand(rng, country)} {rng.choice(_INDUSTRIES).latin}"
    forms = _LEGAL_FORMS.get(country, ("Group", "Ltd."))
    return f"{name} {rng.choice(forms)}", None


_INVESTOR_BUILDERS = {
    "venture_capital": _venture_capital,
    "corporate_vc": _corporate_vc,
    "angel": _angel,
    "government_fund": _government_fund,
    "bank": _bank,
    "accelerator": _accelerator,
    "corporate_partner": _corporate_partner,
}


def investor_firm_name(rng: random.Random, country: str, investor_type: str) -> tuple[str, str | None]:
    """An investor firm's name fitting `investor_type`, and for Japan its Japanese name."""
    try:
        build = _INVESTOR_BUILDERS[investor_type]
    except KeyError:
        raise ValueError(
            f"unknown investor type {investor_type!r}; expected one of {', '.join(INVESTOR_TYPES)}"
        ) from None
    return build(rng, country.upper())


def pitch(rng: random.Random, sector: str, company: str) -> str:
    """One to three sentences on what `company` does, its traction and what it seeks at the fair (< 500 chars)."""
    offering, users, outcome = rng.choice(_sector_of(sector).offerings)
    sentences = [f"{company} {rng.choice(_PITCH_VERBS)} {offering}."]
    if rng.random() < 0.8:
        outcome = outcome.format(pct=rng.randint(12, 60))
        if rng.random() < 0.5:
            sentences.append(f"Pilots with {rng.randint(3, 40)} {users} show we can {outcome}.")
        else:
            sentences.append(
                f"{users[0].upper()}{users[1:]} using it typically {outcome} within {rng.randint(2, 12)} months."
            )
    if rng.random() < 0.7:
        sentences.append(rng.choice(_PITCH_ASKS).format(round=rng.choice(_ROUNDS)))
    while len(" ".join(sentences)) >= 500 and len(sentences) > 1:
        sentences.pop()
    text = " ".join(sentences)
    return text if len(text) < 500 else text[:498].rstrip() + "…"

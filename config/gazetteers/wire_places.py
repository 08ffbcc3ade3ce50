"""Hand-written place names as wire copy writes them: this project's own work,
released with wiretag. Read by build_places.py."""

# Alternate country names used in wire copy (ISO 3166-1 alpha-2 -> names).
COUNTRY_ALIASES = {
    "US": ["U.S.", "U.S.A.", "US", "USA", "America", "United States of America", "the United States"],
    "GB": ["Britain", "Great Britain", "U.K.", "UK", "England", "Scotland", "Wales", "Northern Ireland"],
    "KR": ["S. Korea", "South Korea", "ROK", "Republic of Korea"],
    "KP": ["N. Korea", "North Korea", "DPRK", "Democratic People's Republic of Korea"],
    "RU": ["Russia", "Russian Federation"],
    "DE": ["West Germany", "W. Germany", "East Germany", "E. Germany", "Federal Republic of Germany"],
    "AE": ["UAE", "U.A.E.", "United Arab Emirates", "Emirates"],
    "NL": ["Holland", "the Netherlands"],
    "MM": ["Burma"],
    "CI": ["Ivory Coast", "Cote d'Ivoire"],
    "CZ": ["Czech Republic", "Czechia"],
    "MK": ["Macedonia", "North Macedonia", "FYROM"],
    "SZ": ["Swaziland", "Eswatini"],
    "CD": ["DR Congo", "D.R. Congo", "DRC", "Democratic Republic of Congo", "Congo-Kinshasa", "Zaire"],
    "CG": ["Congo-Brazzaville", "Republic of Congo"],
    "TL": ["East Timor"],
    "CV": ["Cape Verde"],
    "TR": ["Turkey", "Turkiye"],
    "VA": ["Vatican", "the Vatican", "Holy See"],
    "CN": ["China", "PRC", "People's Republic of China", "mainland China"],
    "TW": ["Taiwan"],
    "PS": ["Palestine", "Palestinian Territories", "West Bank", "Gaza Strip"],
    "LA": ["Laos"],
    "SY": ["Syria"],
    "IR": ["Iran"],
    "VN": ["Vietnam", "Viet Nam"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "TZ": ["Tanzania"],
    "MD": ["Moldova"],
    "BN": ["Brunei"],
    "FM": ["Micronesia"],
    "SA": ["Saudi"],
    "BA": ["Bosnia", "Bosnia-Herzegovina"],
    "PH": ["the Philippines"],
    "GM": ["the Gambia"],
}

# ISO 3166-2 subdivision names too generic to be a place on their own.
GENERIC_REGION_NAMES = {
    "north", "south", "east", "west", "central", "northern", "southern", "eastern", "western",
    "centre", "center", "capital", "north east", "north west", "south east", "south west",
    "northeast", "northwest", "southeast", "southwest", "coast", "islands", "lakes", "upper", "lower",
}

# AP-style and postal abbreviations of US states, Canadian provinces and
# Australian states (ISO 3166-2 -> written forms). Forms of up to three
# capitals ("FL", "NSW") match only as written (see NameIndex).
REGION_ALIASES = {
    "US-AL": ["Ala.", "AL"], "US-AK": ["AK"], "US-AZ": ["Ariz.", "AZ"], "US-AR": ["Ark.", "AR"],
    "US-CA": ["Calif.", "Cal.", "CA"], "US-CO": ["Colo.", "CO"], "US-CT": ["Conn.", "CT"],
    "US-DE": ["Del.", "DE"], "US-DC": ["D.C.", "DC", "Washington, D.C."], "US-FL": ["Fla.", "FL"],
    "US-GA": ["Ga.", "GA"], "US-HI": ["HI"], "US-ID": ["Ida.", "ID"], "US-IL": ["Ill.", "IL"],
    "US-IN": ["Ind.", "IN"], "US-IA": ["IA"], "US-KS": ["Kan.", "Kans.", "KS"], "US-KY": ["Ky.", "KY"],
    "US-LA": ["La.", "LA"], "US-ME": ["ME"], "US-MD": ["Md.", "MD"], "US-MA": ["Mass.", "MA"],
    "US-MI": ["Mich.", "MI"], "US-MN": ["Minn.", "MN"], "US-MS": ["Miss.", "MS"], "US-MO": ["Mo.", "MO"],
    "US-MT": ["Mont.", "MT"], "US-NE": ["Neb.", "Nebr.", "NE"], "US-NV": ["Nev.", "NV"],
    "US-NH": ["N.H.", "NH"], "US-NJ": ["N.J.", "NJ"], "US-NM": ["N.M.", "N.Mex.", "NM"],
    "US-NY": ["N.Y.", "NY"], "US-NC": ["N.C.", "NC"], "US-ND": ["N.D.", "N.Dak.", "ND"],
    "US-OH": ["OH"], "US-OK": ["Okla.", "OK"], "US-OR": ["Ore.", "Oreg.", "OR"],
    "US-PA": ["Pa.", "Penn.", "Penna.", "PA"], "US-RI": ["R.I.", "RI"], "US-SC": ["S.C.", "SC"],
    "US-SD": ["S.D.", "S.Dak.", "SD"], "US-TN": ["Tenn.", "TN"], "US-TX": ["Tex.", "TX"],
    "US-UT": ["UT"], "US-VT": ["Vt.", "VT"], "US-VA": ["Va.", "VA"], "US-WA": ["Wash.", "WA"],
    "US-WV": ["W.Va.", "W. Va.", "WV"], "US-WI": ["Wis.", "Wisc.", "WI"], "US-WY": ["Wyo.", "WY"],
    "US-PR": ["P.R.", "PR"], "US-GU": ["GU"], "US-VI": ["U.S. Virgin Islands", "V.I."],
    "CA-AB": ["Alta.", "AB"], "CA-BC": ["B.C.", "BC"], "CA-MB": ["Man.", "MB"], "CA-NB": ["N.B.", "NB"],
    "CA-NL": ["Nfld.", "Newfoundland", "NL"], "CA-NS": ["N.S.", "NS"], "CA-NT": ["N.W.T.", "NT"],
    "CA-NU": ["NU"], "CA-ON": ["Ont.", "ON"], "CA-PE": ["P.E.I.", "PE"], "CA-QC": ["Que.", "Quebec", "QC"],
    "CA-SK": ["Sask.", "SK"], "CA-YT": ["Y.T.", "Yukon Territory", "YT"],
    "AU-NSW": ["N.S.W.", "NSW"], "AU-VIC": ["Vic.", "VIC"], "AU-QLD": ["Qld.", "Qld", "QLD"],
    "AU-SA": ["S.A."], "AU-WA": ["W.A."], "AU-TAS": ["Tas.", "TAS"], "AU-ACT": ["A.C.T.", "ACT"],
    "AU-NT": ["N.T."],
}

# Older or English names wire copy still uses: (country, name in cities.tsv) -> aliases.
CITY_ALIASES = {
    ("IN", "Mumbai"): ["Bombay"], ("IN", "Kolkata"): ["Calcutta"], ("IN", "Chennai"): ["Madras"],
    ("IN", "Bengaluru"): ["Bangalore"], ("MM", "Rangoon"): ["Yangon"], ("VN", "Ho Chi Minh City"): ["Saigon"],
    ("CN", "Beijing"): ["Peking"], ("UA", "Kyiv"): ["Kiev"], ("IL", "Tel Aviv-Yafo"): ["Tel Aviv"],
    ("CH", "Basel"): ["Basle"], ("CH", "Zürich"): ["Zurich"], ("MO", "Macau"): ["Macao"],
    ("YE", "Sanaa"): ["Sana'a", "Sana"], ("US", "St. Louis"): ["Saint Louis"],
    ("KZ", "Almaty"): ["Alma-Ata"], ("KZ", "Astana"): ["Nur-Sultan"], ("BY", "Minsk"): [],
    ("DE", "Cologne"): ["Koeln", "Köln"], ("DE", "Munich"): ["Muenchen", "München"],
    ("DE", "Nuremberg"): ["Nuernberg", "Nürnberg"], ("IT", "Turin"): ["Torino"], ("IT", "Milan"): ["Milano"],
    ("IT", "Rome"): ["Roma"], ("IT", "Naples"): ["Napoli"], ("IT", "Florence"): ["Firenze"],
    ("IT", "Venice"): ["Venezia"], ("PT", "Lisbon"): ["Lisboa"], ("CZ", "Prague"): ["Praha"],
    ("PL", "Warsaw"): ["Warszawa"], ("AT", "Vienna"): ["Wien"], ("BE", "Brussels"): ["Bruxelles", "Brussel"],
    ("BE", "Antwerp"): ["Antwerpen", "Anvers"], ("DK", "Copenhagen"): ["Kobenhavn"],
    ("NL", "The Hague"): ["Den Haag", "Hague"], ("GR", "Athens"): ["Athinai"],
    ("RU", "Saint Petersburg"): ["Leningrad"], ("GE", "Tbilisi"): ["Tiflis"],
    ("CN", "Guangzhou"): ["Canton"], ("KH", "Phnom Penh"): [], ("MN", "Ulaanbaatar"): ["Ulan Bator"],
    ("TR", "Istanbul"): ["İstanbul"], ("US", "New York"): ["New York City", "NYC"],
    ("US", "Washington"): ["Washington, D.C."], ("PS", "Gaza"): ["Gaza City"],
    ("KW", "Kuwait City"): [], ("NP", "Kathmandu"): ["Katmandu"],
}

# Demonyms world-countries lacks or gives otherwise; they win over generated ones.
DEMONYMS = {
    "American": "US", "Americans": "US", "U.S.": "US",
    "British": "GB", "Briton": "GB", "Britons": "GB", "English": "GB", "Scottish": "GB", "Scot": "GB",
    "Scots": "GB", "Welsh": "GB",
    "South Korean": "KR", "South Koreans": "KR", "North Korean": "KP", "North Koreans": "KP",
    "Dutch": "NL", "Dutchman": "NL", "Swiss": "CH", "Chinese": "CN", "Japanese": "JP",
    "Vietnamese": "VN", "Lebanese": "LB", "Sudanese": "SD", "Portuguese": "PT", "Taiwanese": "TW",
    "Israeli": "IL", "Israelis": "IL", "Palestinian": "PS", "Palestinians": "PS",
    "Filipino": "PH", "Filipinos": "PH", "Philippine": "PH", "Thai": "TH", "Thais": "TH",
    "Iraqi": "IQ", "Iraqis": "IQ", "Pakistani": "PK", "Pakistanis": "PK", "Afghan": "AF", "Afghans": "AF",
    "Saudi": "SA", "Saudis": "SA", "Kuwaiti": "KW", "Kuwaitis": "KW", "Yemeni": "YE", "Yemenis": "YE",
    "Omani": "OM", "Qatari": "QA", "Emirati": "AE", "Bahraini": "BH", "Bangladeshi": "BD",
    "Danish": "DK", "Dane": "DK", "Danes": "DK", "Swedish": "SE", "Swede": "SE", "Swedes": "SE",
    "Finnish": "FI", "Finn": "FI", "Finns": "FI", "Norwegian": "NO", "Norwegians": "NO",
    "Polish": "PL", "Pole": "PL", "Poles": "PL", "Spanish": "ES", "Spaniard": "ES", "Spaniards": "ES",
    "Turkish": "TR", "Turk": "TR", "Turks": "TR", "Irish": "IE", "French": "FR", "Frenchman": "FR",
    "Greek": "GR", "Greeks": "GR", "Czech": "CZ", "Czechs": "CZ", "Slovak": "SK", "Slovaks": "SK",
    "Soviet": "RU", "Russian": "RU", "Russians": "RU", "German": "DE", "Germans": "DE",
    "Kiwi": "NZ", "New Zealander": "NZ", "Aussie": "AU", "Congolese": "CD", "Ivorian": "CI",
}


def demonym_plurals(word):
    """'Kenyan' -> ['Kenyans']; 'Japanese', 'French' have no plural form."""
    if word.endswith(("ese", "ish", "ch", "ss", "i", "s")):
        return [] if not word.endswith("i") else [word + "s"]
    return [word + "s"]

#!/usr/bin/env python3
"""Builds config/gazetteers/world_given_names.txt and world_surnames.txt.

Given names and surnames from every region as English-language news writes
them, for the entity model's gazetteer features (first_names.tsv holds English
given names only):

- Latin-script locales of the npm package @faker-js/faker (MIT): Turkish,
  Azerbaijani, Kurdish, Uzbek, Indian, Nepali, Nigerian (Yoruba and others),
  Ghanaian, Senegalese, South African (Zulu), Indonesian, Vietnamese, Mexican,
  Spanish, Brazilian and Portuguese, Polish, Romanian, Serbian and Croatian.
  Accented names are also listed without their accents ("Nguyen", "Sahin").
- faker's Russian, Ukrainian and Mongolian (Cyrillic) names, transliterated as
  the wire agencies write them ("Zhukov", "Yevgeny", "Shcherbakov").
- faker's Korean (Hangul) names, romanised syllable by syllable in the Revised
  Romanization with the hyphen Korean given names take in English ("Jae-in",
  "Min-seo"); the common surnames in their customary spellings (Kim, Lee, Park,
  Choi, ...), which this script lists itself.
- Arabic, Persian and South Asian Muslim given names and name particles in
  their common English spellings, listed in this script (hand-written for
  wiretag, CC0).
- The person data of the PyPI package Faker (MIT) for what the npm package
  lacks: Japanese romanised names ("Hiroshi", "Suzuki"); Chinese names, the
  mainland's Hanzi romanised in Hanyu Pinyin by the PyPI package pypinyin
  (MIT), a given name as one word ("Jinping", "Lijian") and a surname as one
  syllable ("Wang", "Zhao"), and Taiwan's Wade-Giles spellings with their
  hyphen ("Ching-te", "Ing-wen"); Pakistani, Kenyan, Swahili, Hausa, Igbo,
  Yoruba, Akan (Twi), Algerian, Colombian, Argentine and Chilean names.
  Faker's data is read out of its Python source with `ast` (literals only, no
  package code run); pypinyin is run, at build time only.

Only the packages' data files are read as text (the data is parsed out of the
JavaScript source; no package code is run). Names that are common English
words (common_words.txt, not_names.txt) or shorter than three letters are left
out: a capitalised "Ak" or "Can" is rarely a name. Chinese surnames keep the
same filter ("Sun", "Song", "Fang", "Long" are out), except the two-letter
ones of the 100 most common that are no English word ("Li", "Wu", "Xu", "Hu",
"Lu", "Ma" stays out): one syllable is the whole surname there.

Usage: python3 config/gazetteers/build_world_names.py [OUT_DIR]   (needs npm and pip; run from anywhere;
writes next to itself unless OUT_DIR is given)
"""
import ast
import glob
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
FAKER = "@faker-js/faker@10.6.0"
PY_FAKER = "faker==40.54.0"
PYPINYIN = "pypinyin==0.55.0"

# PyPI Faker person locales with names in Latin script or in Hanzi.
PY_LOCALES = ["ja_JP", "zh_CN", "zh_TW", "en_PK", "en_KE", "sw", "ha_NG", "ig_NG", "yo_NG", "en_NG", "tw_GH",
              "fr_DZ", "es_CO", "es_AR", "es_CL"]
HANZI_LOCALES = {"zh_CN", "zh_TW"}
# Surnames whose usual reading pypinyin, which reads a character in its common
# sense, does not give ("曾" is "Zeng" as a surname, not "ceng"). Hand-written
# for wiretag, CC0.
SURNAME_READINGS = {"曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "查": "zha", "朴": "piao", "区": "ou",
                    "覃": "qin", "缪": "miao", "盖": "ge", "翟": "zhai", "乐": "yue", "尉": "yu", "员": "yun",
                    "种": "chong", "召": "shao", "繁": "po", "秘": "bi", "黑": "he", "万俟": "moqi", "尉迟": "yuchi",
                    "长孙": "zhangsun", "澹台": "tantai", "令狐": "linghu"}

LATIN_LOCALES = ["tr", "az", "ku_kmr_latin", "uz_UZ_latin", "en_IN", "en_NP", "en_NG", "yo_NG", "en_GH",
                 "fr_SN", "zu_ZA", "id_ID", "vi", "es_MX", "es", "pt_BR", "pt_PT", "pl", "ro", "sr_RS_latin",
                 "hr"]
CYRILLIC_LOCALES = ["ru", "uk", "mn_MN_cyrl"]

# Wire-style (BGN/PCGN-like) transliteration of Russian, Ukrainian and Mongolian.
CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "yo", "є": "ye", "ж": "zh",
    "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ү": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}

# Surnames as Koreans write them in English, not as the Revised Romanization
# would (김 is "Kim", not "Gim"). Hand-written for wiretag, CC0.
KOREAN_SURNAMES = {
    "김": ["Kim"], "이": ["Lee", "Yi", "Rhee"], "박": ["Park", "Pak"], "최": ["Choi", "Choe"],
    "정": ["Jung", "Chung", "Jeong"], "강": ["Kang"], "조": ["Cho", "Jo"], "윤": ["Yoon", "Yun"],
    "장": ["Jang", "Chang"], "임": ["Lim", "Im"], "한": ["Han"], "오": ["Oh"], "서": ["Seo", "Suh"],
    "신": ["Shin"], "권": ["Kwon"], "황": ["Hwang"], "안": ["Ahn"], "송": ["Song"], "류": ["Ryu", "Yoo"],
    "유": ["Yoo", "Yu"], "홍": ["Hong"], "전": ["Jeon", "Chun"], "고": ["Ko", "Koh"], "문": ["Moon", "Mun"],
    "양": ["Yang"], "손": ["Son", "Sohn"], "배": ["Bae"], "백": ["Baek", "Paik"], "허": ["Heo", "Huh"],
    "남": ["Nam"], "심": ["Shim", "Sim"], "노": ["Roh", "Noh"], "하": ["Ha"], "곽": ["Kwak"],
    "성": ["Sung"], "차": ["Cha"], "주": ["Joo", "Ju"], "우": ["Woo"], "구": ["Koo", "Ku"], "나": ["Na"],
    "민": ["Min"], "진": ["Jin"], "지": ["Ji"], "엄": ["Eom", "Um"], "채": ["Chae"], "원": ["Won"],
    "천": ["Cheon"], "방": ["Bang"], "공": ["Kong"], "현": ["Hyun"], "함": ["Ham"], "변": ["Byun"],
    "염": ["Yeom"], "여": ["Yeo"], "추": ["Choo", "Chu"], "도": ["Do"], "소": ["So"], "석": ["Seok"],
    "선": ["Sun"], "설": ["Seol"], "마": ["Ma"], "길": ["Gil"], "연": ["Yeon"], "위": ["Wi"], "표": ["Pyo"],
    "명": ["Myung"], "기": ["Ki"], "반": ["Ban"], "왕": ["Wang"], "금": ["Keum"], "옥": ["Ok"], "육": ["Yook"],
}

# Arabic, Persian and South Asian Muslim given names in common English
# spellings. Hand-written for wiretag, CC0.
ARABIC_PERSIAN_GIVEN = """
Abbas Abdallah Abdel Abdelaziz Abdelkader Abdul Abdulaziz Abdulla Abdullah Abdullahi Abdulrahman Abdelrahman
Abu Adel Adnan Ahmad Ahmed Akbar Ala Alaa Ali Amin Amina Amir Ammar Anwar Asad Ashraf Ayatollah Ayman Aziz
Bashar Bassam Bilal Ebrahim Emad Fadi Fahad Fahd Faisal Farid Farouk Farooq Fatima Fatma Fawzi Firas Ghassan
Habib Hadi Hafez Haidar Haider Hamad Hamid Hamza Hani Haroun Hasan Hassan Hatem Hazem Hisham Hossein Hosni
Hussain Hussein Ibrahim Imad Imran Isa Ismail Issa Jaber Jafar Jalal Jamal Javad Jawad Kamal Karim Khaled
Khalid Khalil Laila Layla Mahdi Mahmoud Mahmood Majid Mansour Marwan Masoud Mehdi Mohamed Mohammad Mohammed
Mohamad Mohsen Mojtaba Mostafa Mustafa Muhammad Muhammed Munir Murad Nabil Nader Naguib Najib Nasser Nasrallah
Nawaz Nizar Nouri Nuri Omar Osama Qasem Qassem Rafik Rafiq Rahman Ramzi Rashid Rasul Reza Riad Riyad Saad
Sabah Saddam Saeed Said Salah Saleh Salim Salman Sami Samir Sayed Sayyid Shahid Shakir Sharif Tariq Tarek
Tawfik Walid Waleed Yahya Yasser Yasir Yousef Youssef Yusuf Zaid Zayed Zeinab Ziad Zahra Zainab Zubair
Ayesha Aisha Benazir Maryam Nargis Parvez Pervez Shahbaz Asif Ashfaq Arif Javed Jawed Shehbaz Nawaz Imtiaz
Hasina Khaleda Sheikh Mujib Ziaur Rouhani Ruhollah Akbar Ali-Akbar Mohammad-Javad Hassan-Ali
"""
# Name particles that join the parts of a name ("Osama bin Laden", "Abdel
# Fattah al-Sisi"): listed as surnames-to-be, the model learns the rest.
PARTICLES = "bin ibn bint al el abu abd abdel ould"


def faker_files(workdir):
    subprocess.run(["npm", "pack", "--silent", FAKER], cwd=workdir, check=True, capture_output=True, text=True)
    tgz = glob.glob(os.path.join(workdir, "faker-js-faker-*.tgz"))[0]
    files = {}
    with tarfile.open(tgz) as tar:
        for member in tar.getmembers():
            m = re.match(r"package/dist/([A-Za-z_]+)-[A-Za-z0-9_-]+\.js$", member.name)
            if m and not member.name.endswith(".d.ts"):
                files.setdefault(m.group(1), tar.extractfile(member).read().decode("utf-8"))
    return files


def python_packages(workdir):
    """Downloads PyPI Faker (wheel, only read) and installs pypinyin into `workdir`."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", workdir, PY_FAKER],
                   check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
                    os.path.join(workdir, "site"), PYPINYIN], check=True)
    wheel = glob.glob(os.path.join(workdir, "faker-*.whl"))[0]
    sources = {}
    with zipfile.ZipFile(wheel) as z:
        for locale in PY_LOCALES:
            sources[locale] = z.read(f"faker/providers/person/{locale}/__init__.py").decode("utf-8")
    return sources, os.path.join(workdir, "site")


NAME_FIELD = re.compile(r"^(first|last)_(romanized_)?names?(_male|_female|_unisex)?(_pairs)?(_male|_female|_unisex)?$")


def python_names(source):
    """(given, surnames): the string literals assigned to a Faker person provider's name fields."""
    given, surnames = [], []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        for target in targets:
            m = isinstance(target, ast.Name) and NAME_FIELD.match(target.id)
            if not m:
                continue
            out = given if m.group(1) == "first" else surnames
            out.extend(c.value for c in ast.walk(value) if isinstance(c, ast.Constant) and isinstance(c.value, str))
    return given, surnames


def is_hanzi(text):
    return bool(text) and all("\u4e00" <= c <= "\u9fff" for c in text)


def is_latin(text):
    return bool(text) and all(c.isascii() and (c.isalpha() or c in "-'") for c in strip_accents(text))


def romanised_chinese(given_hanzi, surname_hanzi, pypinyin):
    """Given names as one word, surnames as one syllable (or one word for a two-character surname)."""
    def reading(text):
        return "".join(pypinyin.lazy_pinyin(text, style=pypinyin.Style.NORMAL, errors="ignore"))
    given = {reading(g).replace("v", "u").capitalize() for g in given_hanzi if is_hanzi(g)}
    surnames = set()
    for s in surname_hanzi:
        if is_hanzi(s):
            surnames.add((SURNAME_READINGS.get(s) or reading(s)).replace("v", "u").capitalize())
    return given, surnames


def wade_giles(name):
    """Taiwan's upper-case "CHING-TE" as written in news: "Ching-te" (and "Chingte")."""
    if not is_latin(name) or not name.isupper():
        return [name]
    word = name.capitalize()
    return [word, word.replace("-", "").capitalize()] if "-" in word else [word]


def block(source, key):
    """The text of `key:{...}` inside the person section, braces matched outside literals."""
    person = source.find("person:{")
    if person < 0:
        return ""
    start = source.find(key + ":{", person)
    if start < 0:
        return ""
    i = start + len(key) + 2
    depth, in_literal = 1, False
    while i < len(source) and depth:
        c = source[i]
        if c == "`":
            in_literal = not in_literal
        elif not in_literal and c == "{":
            depth += 1
        elif not in_literal and c == "}":
            depth -= 1
        i += 1
    return source[start:i]


def names_in(text):
    """Every name of a block: `a.b.c`.split(`.`) literals and [`a`,`b`] arrays."""
    names = []
    for m in re.finditer(r"`([^`]*)`(\.split\(`([^`]*)`\))?", text):
        if m.group(2):
            names.extend(m.group(1).split(m.group(3)))
        elif m.group(1) not in (".", ","):
            names.append(m.group(1))
    return names


def strip_accents(name):
    folded = unicodedata.normalize("NFKD", name.replace("ı", "i").replace("İ", "I").replace("đ", "d")
                                   .replace("Đ", "D").replace("ł", "l").replace("Ł", "L"))
    return "".join(c for c in folded if not unicodedata.combining(c))


def transliterate(name):
    out = []
    for k, c in enumerate(name):
        lower = c.lower()
        t = CYRILLIC.get(lower, lower)
        # Initial and post-vowel е is "ye" in wire spelling: "Yevgeny", "Andreyev".
        if lower == "е" and (k == 0 or name[k - 1].lower() in "аеёиоуыэюяьъ"):
            t = "ye"
        out.append(t.capitalize() if c != lower and k == 0 else t)
    word = "".join(out)
    # "-iy"/"-yy" endings are "-y" in wire spelling: "Yevgeny", "Dmitry".
    return re.sub(r"(iy|yy)$", "y", word)


# Revised Romanization of one Hangul syllable.
INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
VOWELS = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
          "yu", "eu", "ui", "i"]
FINALS = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t",
          "t", "ng", "t", "t", "k", "t", "p", "t"]


def romanise_syllable(s):
    code = ord(s) - 0xAC00
    if not 0 <= code < 11172:
        return None
    initial, rest = divmod(code, 588)
    vowel, final = divmod(rest, 28)
    return INITIALS[initial] + VOWELS[vowel] + FINALS[final]


def romanise_given(hangul):
    parts = [romanise_syllable(s) for s in hangul]
    if not parts or None in parts:
        return []
    if len(parts) == 1:
        return [parts[0].capitalize()]
    # "Jae-in" as Korean names are written in English, and "Jaein".
    return [parts[0].capitalize() + "-" + "-".join(parts[1:]), "".join(parts).capitalize()]


def main():
    def read_set(name):
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            return {l.split("\t")[0].strip().lower() for l in f if l.strip() and not l.startswith("#")}
    common = read_set("common_words.txt") | read_set("not_names.txt")

    given, surnames = set(), set()

    def add(target, name):
        for word in name.split():
            word = word.strip(".,'")
            if len(word) < 3 or word.lower() in common or not word[0].isupper():
                continue
            target.add(word)
            plain = strip_accents(word)
            if plain != word and plain.lower() not in common:
                target.add(plain)

    # PyPI Faker's lists hold English names too (Kenyan, Nigerian, Ghanaian
    # locales) and names that are places or nationalities ("Jordan", "Lagos",
    # "Danish"): from those lists, given names that first_names.tsv already has
    # and names that the place lists or misc.txt know are left out.
    def read_column(name, columns):
        out = set()
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            rows = [l.rstrip("\n").split("\t") for l in f if l.strip() and not l.startswith("#")]
        header = rows[0]
        for row in rows[1:]:
            for column in columns:
                if column in header and header.index(column) < len(row):
                    out.update(v.strip().lower() for v in row[header.index(column)].split("|") if v.strip())
        return out
    with open(os.path.join(HERE, "locations.txt"), encoding="utf-8") as f:
        known_elsewhere = {l.strip().lower() for l in f if l.strip() and not l.startswith("#")}
    with open(os.path.join(HERE, "misc.txt"), encoding="utf-8") as f:
        known_elsewhere |= {l.strip().lower() for l in f if l.strip() and not l.startswith("#")}
    known_elsewhere |= read_column("demonyms.tsv", ["demonym"])
    for places in ("countries.tsv", "regions.tsv", "cities.tsv"):
        known_elsewhere |= read_column(places, ["name", "aliases"])
    english_given = read_set("first_names.tsv")

    def add_new(target, name):
        for form in (name.lower(), strip_accents(name).lower()):
            if form in known_elsewhere or (target is given and form in english_given):
                return
        add(target, name)

    with tempfile.TemporaryDirectory() as tmp:
        files = faker_files(tmp)
        py_sources, site = python_packages(tmp)
        sys.path.insert(0, site)
        import pypinyin
        chinese_given, chinese_surnames = set(), set()
        for locale in PY_LOCALES:
            first, last = python_names(py_sources[locale])
            if locale in HANZI_LOCALES:
                g, s = romanised_chinese(first, last, pypinyin)
                chinese_given |= g
                chinese_surnames |= s
            for name in first:
                for spelling in wade_giles(name):
                    if is_latin(spelling):
                        add_new(given, spelling)
            for name in last:
                for spelling in wade_giles(name):
                    if is_latin(spelling):
                        add_new(surnames, spelling)
        # The 100 most common surnames of faker's zh_CN list (in its order of frequency).
        zh_last = [s for s in python_names(py_sources["zh_CN"])[1] if is_hanzi(s)][:100]
        _, common_chinese = romanised_chinese([], zh_last, pypinyin)
        sys.path.remove(site)
    for name in chinese_given:
        add_new(given, name)
    for name in chinese_surnames:
        if len(name) == 2 and name in common_chinese and name.lower() not in common | known_elsewhere:
            surnames.add(name)
        else:
            add_new(surnames, name)
    for locale in LATIN_LOCALES + CYRILLIC_LOCALES:
        source = files[locale]
        for key, target in (("first_name", given), ("last_name", surnames)):
            for name in names_in(block(source, key)):
                add(target, transliterate(name) if locale in CYRILLIC_LOCALES else name)
    korean = files["ko"]
    for name in names_in(block(korean, "first_name")):
        for romanised in romanise_given(name):
            add(given, romanised)
    for name in names_in(block(korean, "last_name")):
        if name not in KOREAN_SURNAMES:
            add(surnames, "".join(romanise_syllable(s) or "" for s in name).capitalize())
    for spellings in KOREAN_SURNAMES.values():  # short ones too ("Oh" stays out: a common word)
        surnames.update(s for s in spellings if s.lower() not in common)
    for name in ARABIC_PERSIAN_GIVEN.split():
        given.add(name)
    surnames.update(PARTICLES.split())

    header = ("# {what}. Built by build_world_names.py from @faker-js/faker 10.6.0 locales (MIT; Cyrillic "
              "transliterated, Korean romanised), PyPI Faker 40.54.0 person data (MIT; Chinese romanised by "
              "pypinyin 0.55.0, MIT) and the script's own hand-written lists (CC0). See SOURCES.md.\n")
    for file, names, what in (("world_given_names.txt", given, "Given names from every region"),
                              ("world_surnames.txt", surnames, "Surnames and name particles from every region")):
        path = os.path.join(sys.argv[1] if len(sys.argv) > 1 else HERE, file)
        with open(path, "w", encoding="utf-8") as f:
            f.write(header.format(what=what))
            for name in sorted(names, key=lambda n: (n.lower(), n)):
                f.write(name + "\n")
        print(f"{path}: {len(names)} names", file=sys.stderr)


if __name__ == "__main__":
    main()

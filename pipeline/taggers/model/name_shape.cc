#include "pipeline/taggers/model/name_shape.h"

#include <algorithm>
#include <array>
#include <string>

namespace wiretag::model {

namespace {

// Hanyu Pinyin syllables without tones (and "v" as "u").
constexpr std::string_view kPinyin =
    "a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen "
    "ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci "
    "cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dian diao die ding diu dong dou du duan "
    "dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu "
    "gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun "
    "huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke ken keng kong kou ku "
    "kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu long "
    "lou lu luan lue lun luo lv ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai "
    "nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nue nuo o ou pa pai pan pang "
    "pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que "
    "qun ran rang rao re ren reng ri rong rou ru ruan rui run ruo sa sai san sang sao se sen seng sha shai shan "
    "shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun "
    "suo ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng "
    "wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you "
    "yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhen zheng zhi zhong zhou zhu "
    "zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo";

// Wade-Giles syllables of Taiwan's given names ("Ching-te", "Ing-wen") not
// spelt the same in Pinyin.
constexpr std::string_view kWadeGiles =
    "chia chiang chiao chieh chien chih chin ching chiu chueh chung hsia hsiang hsiao hsieh hsien hsin hsing hsiu "
    "hsiung hsu hsuan hsueh i jao jen jui jung kung kuo lien lo lung nieh pai pao pi pin ping po pu shih sho ssu "
    "sung tien tsai tsao tseng tso tsou tsui tsung tung tzu yeh yung";

// Korean syllables as Korean given names are written in English: the Revised
// Romanization's common ones and the customary spellings ("soo", "hoon",
// "young", "hee", "suk", "yeol").
constexpr std::string_view kKorean =
    "ae bae baek beom bok bong bum byung chae chan chang chel cheol cheon chul chun dae deok do dong doo duck eui "
    "eun geun gi gil gook gu guk gwang gyu gyeong ha hae ho hoon hwa hwan hye hyo hyuk hyun hyung il in jae jeong ji "
    "jin jo jong joo joon ju jun jung ki kook kun kwan kwang kye kyo kyu kyung mi min moon myung na nam ok ri ryong "
    "sang seo seob seok seon seong seung shik shin sik so sol soo sook su suk sun sung tae taek uk won woo wook "
    "woong ya yeol yeon yeong yong young yu yun yung yoon";

constexpr size_t kMaxSyllable = 6;

// The syllables packed base 27 ("a" = 1) in an open-addressing table: the
// test runs for every capitalised token, so a lookup is a multiply and a load
// or two, not a string hash.
class SyllableTable {
 public:
  SyllableTable() {
    for (std::string_view list : {kPinyin, kWadeGiles, kKorean}) {
      while (!list.empty()) {
        const size_t sp = list.find(' ');
        const std::string_view syllable = list.substr(0, sp);
        Insert(Pack(syllable) << 1 | 1);
        // Every proper prefix too, so that a split stops at the first letter no syllable continues with.
        for (size_t len = 1; len < syllable.size(); ++len) Insert(Pack(syllable.substr(0, len)) << 1);
        if (sp == std::string_view::npos) break;
        list.remove_prefix(sp + 1);
      }
    }
  }
  static uint32_t Pack(std::string_view s) {
    uint32_t k = 0;
    for (char c : s) k = k * 27 + static_cast<uint32_t>(c - 'a' + 1);
    return k;
  }
  enum Found { kNo, kPrefix, kSyllable };
  // Whether the packed letters are a syllable, only the start of one, or neither.
  Found Find(uint32_t packed) const {
    const uint32_t key = packed << 1;
    for (uint32_t pos = Slot(key);; pos = (pos + 1) & (kSize - 1)) {
      if ((keys_[pos] | 1) == (key | 1)) return (keys_[pos] & 1) ? kSyllable : kPrefix;
      if (keys_[pos] == 0) return kNo;
    }
  }

 private:
  // About 540 syllables and 330 more prefixes: under half full. Keys are
  // packed << 1 | is-a-syllable, so a key is never 0 (the empty slot).
  static constexpr uint32_t kSize = 2048;
  static uint32_t Slot(uint32_t key) { return ((key >> 1) * 2654435761u) >> 21; }
  void Insert(uint32_t key) {
    uint32_t pos = Slot(key);
    while (keys_[pos] != 0 && (keys_[pos] | 1) != (key | 1)) pos = (pos + 1) & (kSize - 1);
    keys_[pos] |= key;  // a syllable that is also a prefix ("xi" of "xian") keeps its syllable bit
  }
  std::array<uint32_t, kSize> keys_{};
};

// The fewest syllables `lower` (ASCII lower-case letters) splits into, or 0
// when it does not split.
int SyllableCount(std::string_view lower) {
  constexpr size_t kMaxLetters = 18;
  if (lower.empty() || lower.size() > kMaxLetters) return 0;
  static const SyllableTable table;
  std::array<uint8_t, kMaxLetters + 1> best;  // best[i]: fewest syllables for lower[0, i); 0xFF when none
  best.fill(0xFF);
  best[0] = 0;
  for (size_t i = 0; i < lower.size(); ++i) {
    if (best[i] == 0xFF) continue;
    uint32_t key = 0;
    for (size_t len = 1; len <= kMaxSyllable && i + len <= lower.size(); ++len) {
      key = key * 27 + static_cast<uint32_t>(lower[i + len - 1] - 'a' + 1);
      const auto found = table.Find(key);
      if (found == SyllableTable::kNo) break;
      if (found == SyllableTable::kSyllable)
        best[i + len] = std::min<uint8_t>(best[i + len], static_cast<uint8_t>(best[i] + 1));
    }
  }
  return best[lower.size()] == 0xFF ? 0 : best[lower.size()];
}

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

}  // namespace

SyllableShape SyllableShapeOf(std::string_view token) {
  if (token.size() < 2 || token.size() > 18 || !IsUpper(token[0])) return SyllableShape::kNone;
  char lower[18];
  size_t hyphen = 0;
  for (size_t i = 0; i < token.size(); ++i) {
    const char c = token[i];
    if (i > 0 && c == '-' && hyphen == 0 && i + 1 < token.size()) {
      hyphen = i;
    } else if (i == 0 || IsLower(c)) {
      lower[i] = static_cast<char>(i == 0 ? c + 32 : c);
    } else {
      return SyllableShape::kNone;
    }
  }
  if (hyphen) {
    const std::string_view first(lower, hyphen), second(lower + hyphen + 1, token.size() - hyphen - 1);
    return SyllableCount(first) == 1 && SyllableCount(second) == 1 ? SyllableShape::kHyphenated
                                                                    : SyllableShape::kNone;
  }
  switch (SyllableCount(std::string_view(lower, token.size()))) {
    case 1: return SyllableShape::kOne;
    case 2: return SyllableShape::kTwo;
    case 3: return SyllableShape::kThree;
    default: return SyllableShape::kNone;
  }
}

bool IsNameParticle(std::string_view word) {
  static constexpr std::array<std::string_view, 27> kParticles = {
      "abd", "abu",  "al",  "ben", "bin", "bint", "bou", "da",  "das", "de", "del", "della", "der", "di",
      "do",  "dos",  "du",  "el",  "ibn", "la",   "le",  "ould", "ter", "van", "von", "y",    "zu"};
  char lower[5];
  if (word.empty() || word.size() > sizeof lower) return false;
  for (size_t i = 0; i < word.size(); ++i) lower[i] = IsUpper(word[i]) ? static_cast<char>(word[i] + 32) : word[i];
  return std::find(kParticles.begin(), kParticles.end(), std::string_view(lower, word.size())) != kParticles.end();
}

bool HasNameParticlePrefix(std::string_view token) {
  const size_t hyphen = token.find('-');
  if (hyphen == std::string_view::npos || hyphen < 2 || hyphen > 3 || hyphen + 1 >= token.size() ||
      !IsUpper(token[hyphen + 1]))
    return false;
  static constexpr std::array<std::string_view, 10> kArticles = {"al", "el", "ad", "an", "ar",
                                                                 "as", "ash", "at", "az", "ul"};
  std::string head(token.substr(0, hyphen));
  for (char& c : head)
    if (IsUpper(c)) c = static_cast<char>(c + 32);
  return std::find(kArticles.begin(), kArticles.end(), head) != kArticles.end();
}

}  // namespace wiretag::model

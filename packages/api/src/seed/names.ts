/**
 * Name vocabularies. Chinese names are Hanzi (family name first, 1–2 character given name);
 * every character carries its pinyin so e-mail addresses can be derived from the name the
 * way people actually pick them (wangfang88@163.com).
 */
import { Random, WeightedTable } from "./random.js";

type Syllable = readonly [hanzi: string, pinyin: string];

/** The commonest family names with approximate relative frequencies (per mille of population). */
const FAMILY_NAMES: readonly (readonly [Syllable, number])[] = [
  [["王", "wang"], 72], [["李", "li"], 71], [["张", "zhang"], 68], [["刘", "liu"], 54], [["陈", "chen"], 45],
  [["杨", "yang"], 33], [["黄", "huang"], 24], [["赵", "zhao"], 22], [["吴", "wu"], 21], [["周", "zhou"], 21],
  [["徐", "xu"], 15], [["孙", "sun"], 15], [["马", "ma"], 15], [["朱", "zhu"], 14], [["胡", "hu"], 13],
  [["郭", "guo"], 12], [["何", "he"], 12], [["林", "lin"], 11], [["高", "gao"], 11], [["罗", "luo"], 10],
  [["郑", "zheng"], 10], [["梁", "liang"], 9], [["谢", "xie"], 8], [["宋", "song"], 7], [["唐", "tang"], 7],
  [["许", "xu"], 6], [["韩", "han"], 6], [["冯", "feng"], 6], [["邓", "deng"], 6], [["曹", "cao"], 6],
  [["彭", "peng"], 5], [["曾", "zeng"], 5], [["肖", "xiao"], 5], [["田", "tian"], 5], [["董", "dong"], 5],
  [["袁", "yuan"], 4], [["潘", "pan"], 4], [["于", "yu"], 4], [["蒋", "jiang"], 4], [["蔡", "cai"], 4],
  [["余", "yu"], 4], [["杜", "du"], 4], [["叶", "ye"], 4], [["程", "cheng"], 4], [["苏", "su"], 4],
  [["魏", "wei"], 4], [["吕", "lv"], 4], [["丁", "ding"], 3], [["任", "ren"], 3], [["沈", "shen"], 3],
  [["姚", "yao"], 3], [["卢", "lu"], 3], [["姜", "jiang"], 3], [["崔", "cui"], 3], [["钟", "zhong"], 3],
  [["谭", "tan"], 3], [["陆", "lu"], 3], [["汪", "wang"], 3], [["范", "fan"], 3], [["金", "jin"], 3],
  [["石", "shi"], 3], [["廖", "liao"], 3], [["贾", "jia"], 3], [["夏", "xia"], 3], [["韦", "wei"], 2],
  [["方", "fang"], 2], [["白", "bai"], 2], [["邹", "zou"], 2], [["孟", "meng"], 2], [["熊", "xiong"], 2],
  [["秦", "qin"], 2], [["邱", "qiu"], 2], [["江", "jiang"], 2], [["尹", "yin"], 2], [["薛", "xue"], 2],
  [["段", "duan"], 2], [["雷", "lei"], 2], [["侯", "hou"], 2], [["龙", "long"], 2], [["史", "shi"], 2],
  [["欧阳", "ouyang"], 1], [["司马", "sima"], 0.3], [["诸葛", "zhuge"], 0.2], [["上官", "shangguan"], 0.2],
];

const MALE_GIVEN: readonly Syllable[] = [
  ["伟", "wei"], ["强", "qiang"], ["磊", "lei"], ["军", "jun"], ["勇", "yong"], ["杰", "jie"], ["涛", "tao"],
  ["斌", "bin"], ["超", "chao"], ["明", "ming"], ["刚", "gang"], ["平", "ping"], ["辉", "hui"], ["鹏", "peng"],
  ["华", "hua"], ["飞", "fei"], ["鑫", "xin"], ["波", "bo"], ["宇", "yu"], ["浩", "hao"], ["凯", "kai"],
  ["健", "jian"], ["俊", "jun"], ["帆", "fan"], ["建", "jian"], ["国", "guo"], ["志", "zhi"], ["文", "wen"],
  ["博", "bo"], ["子", "zi"], ["轩", "xuan"], ["睿", "rui"], ["泽", "ze"], ["晨", "chen"], ["阳", "yang"],
  ["海", "hai"], ["东", "dong"], ["林", "lin"], ["峰", "feng"], ["毅", "yi"],
];

const FEMALE_GIVEN: readonly Syllable[] = [
  ["芳", "fang"], ["娜", "na"], ["敏", "min"], ["静", "jing"], ["丽", "li"], ["艳", "yan"], ["娟", "juan"],
  ["霞", "xia"], ["秀", "xiu"], ["英", "ying"], ["玲", "ling"], ["婷", "ting"], ["雪", "xue"], ["慧", "hui"],
  ["颖", "ying"], ["琳", "lin"], ["洁", "jie"], ["倩", "qian"], ["欣", "xin"], ["怡", "yi"], ["佳", "jia"],
  ["梦", "meng"], ["雨", "yu"], ["萱", "xuan"], ["涵", "han"], ["诗", "shi"], ["梓", "zi"], ["晓", "xiao"],
  ["月", "yue"], ["红", "hong"], ["兰", "lan"], ["燕", "yan"], ["萍", "ping"], ["琴", "qin"], ["思", "si"],
  ["悦", "yue"], ["瑶", "yao"], ["彤", "tong"], ["婉", "wan"], ["桂", "gui"],
];

const familyNames = new WeightedTable(FAMILY_NAMES);

export interface PersonName {
  /** As written on the id card and shown in the console. */
  display: string;
  /** Lower-case ASCII forms for e-mail local parts. */
  family: string;
  given: string;
}

/** A Chinese name in Hanzi: family name + one or (more often) two given-name characters. */
export function chineseName(random: Random, gender: "MALE" | "FEMALE"): PersonName {
  const [familyHanzi, familyPinyin] = familyNames.pick(random);
  const pool = gender === "MALE" ? MALE_GIVEN : FEMALE_GIVEN;
  const first = random.pick(pool);
  if (random.chance(0.3)) return { display: familyHanzi + first[0], family: familyPinyin, given: first[1] };
  // Two-character given names mostly mix in a character of either pool, as many names do.
  const second = random.pick(random.chance(0.8) ? pool : gender === "MALE" ? FEMALE_GIVEN : MALE_GIVEN);
  return { display: familyHanzi + first[0] + second[0], family: familyPinyin, given: first[1] + second[1] };
}

const ENGLISH_MALE = ["James", "John", "Robert", "Michael", "David", "William", "Richard", "Thomas", "Daniel", "Matthew", "Andrew", "Mark", "Paul", "Steven", "Kevin", "Brian", "George", "Edward", "Peter", "Oliver", "Lucas", "Henrik", "Marco", "Pierre"];
const ENGLISH_FEMALE = ["Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Susan", "Jessica", "Sarah", "Karen", "Emily", "Emma", "Olivia", "Sophie", "Laura", "Anna", "Rachel", "Hannah", "Claire", "Julia", "Chloe", "Ingrid", "Giulia", "Amélie", "Natalie"];
const ENGLISH_FAMILY = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "King", "Wright", "Scott", "Green", "Baker", "Carter", "Mitchell", "Müller", "Schmidt", "Rossi", "Dubois", "Larsen", "O'Brien"];

/** A Western name (expatriates, contacts at foreign-invested enterprises). */
export function englishName(random: Random, gender: "MALE" | "FEMALE"): PersonName {
  const given = random.pick(gender === "MALE" ? ENGLISH_MALE : ENGLISH_FEMALE);
  const family = random.pick(ENGLISH_FAMILY);
  return { display: `${given} ${family}`, family: asciiLower(family), given: asciiLower(given) };
}

function asciiLower(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[^A-Za-z]/g, "")
    .toLowerCase();
}

const BRAND_WORDS: readonly Syllable[] = [
  ["华腾", "huateng"], ["鼎盛", "dingsheng"], ["恒信", "hengxin"], ["天宇", "tianyu"], ["瑞丰", "ruifeng"], ["博远", "boyuan"],
  ["中科", "zhongke"], ["新锐", "xinrui"], ["金桥", "jinqiao"], ["远航", "yuanhang"], ["汇通", "huitong"], ["宏达", "hongda"],
  ["创新", "chuangxin"], ["智联", "zhilian"], ["蓝海", "lanhai"], ["安泰", "antai"],
];
const INDUSTRIES: readonly (readonly [zh: string, en: string])[] = [
  ["科技", "Technology"], ["物流", "Logistics"], ["电子", "Electronics"], ["贸易", "Trading"], ["建设", "Construction"],
  ["医药", "Pharmaceutical"], ["餐饮管理", "Catering"], ["制造", "Manufacturing"], ["信息技术", "IT Services"],
  ["文化传媒", "Media"], ["物业管理", "Property Management"], ["新能源", "New Energy"],
];
const ENGLISH_BRANDS = ["Brightwave", "Northstar", "Bluepeak", "Silverline", "Evergreen", "Pacific Rim", "Redwood", "Apex", "Meridian", "Harbor", "Lumen", "Crestview"];

export interface CompanyName {
  name: string;
  /** Foreign-invested: English name, English-speaking contacts. */
  international: boolean;
  /** ASCII brand for the company's mail domain. */
  slug: string;
}

/** A company name; `cityHanzi` may be empty (municipalities). */
export function companyName(random: Random, cityHanzi: string, cityName: string): CompanyName {
  const [zh, en] = random.pick(INDUSTRIES);
  if (random.chance(0.2)) {
    const brand = random.pick(ENGLISH_BRANDS);
    return { name: `${brand} ${en} (${cityName}) Co., Ltd.`, international: true, slug: asciiLower(brand) };
  }
  const [brandHanzi, brandPinyin] = random.pick(BRAND_WORDS);
  const form = random.chance(0.75) ? "有限公司" : "股份有限公司";
  return { name: `${cityHanzi}${brandHanzi}${zh}${form}`, international: false, slug: brandPinyin };
}

const AGENCIES: readonly (readonly [string, number])[] = [
  // The security level the operator must apply to the account (police highest, DOMAIN.md).
  ["公安局", 5], ["人民法院", 4], ["税务局", 4], ["教育局", 3], ["卫生健康委员会", 3], ["交通运输局", 3], ["人民医院", 3], ["第一中学", 2], ["图书馆", 2],
];

/** A government or public-sector account with the security level its work requires. */
export function governmentName(random: Random, cityHanzi: string, districtHanzi: string): { name: string; securityLevel: number } {
  const [agency, securityLevel] = random.pick(AGENCIES);
  const prefix = random.chance(0.5) && districtHanzi ? `${cityHanzi}${districtHanzi}` : cityHanzi;
  return { name: `${prefix || "市"}${agency}`, securityLevel };
}

const STAFF = ["wang.fang", "li.na", "zhang.wei", "liu.yang", "chen.jing", "yang.min", "zhao.lei", "huang.ting", "zhou.jie", "wu.hao", "xu.li", "sun.qiang", "ma.yan", "zhu.hui", "hu.bo", "guo.xin"];

/** Staff handles: account managers (`am.*`) and front-line agents (`agent.*`). */
export function accountManager(random: Random): string {
  return `am.${random.pick(STAFF)}`;
}
export function agentHandle(random: Random): string {
  return `agent.${random.pick(STAFF)}${random.int(1, 9)}`;
}

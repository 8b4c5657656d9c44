/**
 * Provincial-level divisions as the API spells `Customer.region` (pinyin, as the seed writes
 * them). The console offers them as filter and form choices; labels come from i18n.
 */
export const REGIONS = [
  "Anhui", "Beijing", "Chongqing", "Fujian", "Gansu", "Guangdong", "Guangxi", "Guizhou", "Hainan", "Hebei",
  "Heilongjiang", "Henan", "Hong Kong", "Hubei", "Hunan", "Inner Mongolia", "Jiangsu", "Jiangxi", "Jilin", "Liaoning",
  "Macau", "Ningxia", "Qinghai", "Shaanxi", "Shandong", "Shanghai", "Shanxi", "Sichuan", "Taiwan", "Tianjin",
  "Tibet", "Xinjiang", "Yunnan", "Zhejiang",
] as const;

export type Region = (typeof REGIONS)[number];

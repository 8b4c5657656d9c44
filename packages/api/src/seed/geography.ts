/**
 * Where synthetic customers live. Cities carry real county-level administrative division
 * codes (GB/T 2260), which open the national ids of people registered there, and a weight
 * roughly proportional to their mobile subscriber base so big cities dominate as they do in
 * an operator's customer base. `region` is the province in pinyin, as the console shows it.
 */
export interface District {
  name: string;
  hanzi: string;
  /** Administrative division code: the first six digits of a national id issued there. */
  code: string;
}

export interface City {
  region: string;
  regionHanzi: string;
  name: string;
  hanzi: string;
  weight: number;
  districts: District[];
}

const d = (name: string, hanzi: string, code: string): District => ({ name, hanzi, code });

export const CITIES: readonly City[] = [
  { region: "Beijing", regionHanzi: "北京市", name: "Beijing", hanzi: "", weight: 9, districts: [d("Dongcheng", "东城区", "110101"), d("Xicheng", "西城区", "110102"), d("Chaoyang", "朝阳区", "110105"), d("Fengtai", "丰台区", "110106"), d("Haidian", "海淀区", "110108")] },
  { region: "Shanghai", regionHanzi: "上海市", name: "Shanghai", hanzi: "", weight: 9, districts: [d("Huangpu", "黄浦区", "310101"), d("Xuhui", "徐汇区", "310104"), d("Changning", "长宁区", "310105"), d("Minhang", "闵行区", "310112"), d("Pudong", "浦东新区", "310115")] },
  { region: "Tianjin", regionHanzi: "天津市", name: "Tianjin", hanzi: "", weight: 4, districts: [d("Heping", "和平区", "120101"), d("Hexi", "河西区", "120103"), d("Nankai", "南开区", "120104")] },
  { region: "Chongqing", regionHanzi: "重庆市", name: "Chongqing", hanzi: "", weight: 6, districts: [d("Yuzhong", "渝中区", "500103"), d("Jiangbei", "江北区", "500105"), d("Yubei", "渝北区", "500112")] },
  { region: "Guangdong", regionHanzi: "广东省", name: "Guangzhou", hanzi: "广州市", weight: 8, districts: [d("Yuexiu", "越秀区", "440104"), d("Haizhu", "海珠区", "440105"), d("Tianhe", "天河区", "440106"), d("Baiyun", "白云区", "440111")] },
  { region: "Guangdong", regionHanzi: "广东省", name: "Shenzhen", hanzi: "深圳市", weight: 8, districts: [d("Luohu", "罗湖区", "440303"), d("Futian", "福田区", "440304"), d("Nanshan", "南山区", "440305"), d("Bao'an", "宝安区", "440306"), d("Longgang", "龙岗区", "440307")] },
  { region: "Guangdong", regionHanzi: "广东省", name: "Dongguan", hanzi: "东莞市", weight: 4, districts: [d("Dongguan", "", "441900")] },
  { region: "Guangdong", regionHanzi: "广东省", name: "Foshan", hanzi: "佛山市", weight: 3, districts: [d("Chancheng", "禅城区", "440604"), d("Nanhai", "南海区", "440605"), d("Shunde", "顺德区", "440606")] },
  { region: "Zhejiang", regionHanzi: "浙江省", name: "Hangzhou", hanzi: "杭州市", weight: 5, districts: [d("Shangcheng", "上城区", "330102"), d("Xihu", "西湖区", "330106"), d("Binjiang", "滨江区", "330108")] },
  { region: "Zhejiang", regionHanzi: "浙江省", name: "Ningbo", hanzi: "宁波市", weight: 3, districts: [d("Haishu", "海曙区", "330203"), d("Yinzhou", "鄞州区", "330212")] },
  { region: "Jiangsu", regionHanzi: "江苏省", name: "Nanjing", hanzi: "南京市", weight: 4, districts: [d("Xuanwu", "玄武区", "320102"), d("Qinhuai", "秦淮区", "320104"), d("Gulou", "鼓楼区", "320106")] },
  { region: "Jiangsu", regionHanzi: "江苏省", name: "Suzhou", hanzi: "苏州市", weight: 4, districts: [d("Wuzhong", "吴中区", "320506"), d("Gusu", "姑苏区", "320508")] },
  { region: "Sichuan", regionHanzi: "四川省", name: "Chengdu", hanzi: "成都市", weight: 6, districts: [d("Jinjiang", "锦江区", "510104"), d("Qingyang", "青羊区", "510105"), d("Wuhou", "武侯区", "510107"), d("Chenghua", "成华区", "510108")] },
  { region: "Hubei", regionHanzi: "湖北省", name: "Wuhan", hanzi: "武汉市", weight: 4, districts: [d("Jiang'an", "江岸区", "420102"), d("Wuchang", "武昌区", "420106"), d("Hongshan", "洪山区", "420111")] },
  { region: "Shaanxi", regionHanzi: "陕西省", name: "Xi'an", hanzi: "西安市", weight: 4, districts: [d("Xincheng", "新城区", "610102"), d("Beilin", "碑林区", "610103"), d("Yanta", "雁塔区", "610113")] },
  { region: "Hunan", regionHanzi: "湖南省", name: "Changsha", hanzi: "长沙市", weight: 3, districts: [d("Furong", "芙蓉区", "430102"), d("Yuelu", "岳麓区", "430104")] },
  { region: "Henan", regionHanzi: "河南省", name: "Zhengzhou", hanzi: "郑州市", weight: 4, districts: [d("Zhongyuan", "中原区", "410102"), d("Jinshui", "金水区", "410105")] },
  { region: "Shandong", regionHanzi: "山东省", name: "Jinan", hanzi: "济南市", weight: 3, districts: [d("Lixia", "历下区", "370102"), d("Shizhong", "市中区", "370103")] },
  { region: "Shandong", regionHanzi: "山东省", name: "Qingdao", hanzi: "青岛市", weight: 3, districts: [d("Shinan", "市南区", "370202"), d("Laoshan", "崂山区", "370212")] },
  { region: "Fujian", regionHanzi: "福建省", name: "Xiamen", hanzi: "厦门市", weight: 2, districts: [d("Siming", "思明区", "350203"), d("Huli", "湖里区", "350206")] },
  { region: "Fujian", regionHanzi: "福建省", name: "Fuzhou", hanzi: "福州市", weight: 2, districts: [d("Gulou", "鼓楼区", "350102"), d("Taijiang", "台江区", "350103")] },
  { region: "Anhui", regionHanzi: "安徽省", name: "Hefei", hanzi: "合肥市", weight: 3, districts: [d("Luyang", "庐阳区", "340103"), d("Shushan", "蜀山区", "340104")] },
  { region: "Liaoning", regionHanzi: "辽宁省", name: "Shenyang", hanzi: "沈阳市", weight: 3, districts: [d("Heping", "和平区", "210102"), d("Shenhe", "沈河区", "210103")] },
  { region: "Liaoning", regionHanzi: "辽宁省", name: "Dalian", hanzi: "大连市", weight: 2, districts: [d("Zhongshan", "中山区", "210202"), d("Xigang", "西岗区", "210203")] },
  { region: "Heilongjiang", regionHanzi: "黑龙江省", name: "Harbin", hanzi: "哈尔滨市", weight: 2, districts: [d("Daoli", "道里区", "230102"), d("Nangang", "南岗区", "230103")] },
  { region: "Jilin", regionHanzi: "吉林省", name: "Changchun", hanzi: "长春市", weight: 2, districts: [d("Chaoyang", "朝阳区", "220104"), d("Nanguan", "南关区", "220102")] },
  { region: "Hebei", regionHanzi: "河北省", name: "Shijiazhuang", hanzi: "石家庄市", weight: 2, districts: [d("Chang'an", "长安区", "130102"), d("Qiaoxi", "桥西区", "130104")] },
  { region: "Shanxi", regionHanzi: "山西省", name: "Taiyuan", hanzi: "太原市", weight: 2, districts: [d("Xiaodian", "小店区", "140105"), d("Yingze", "迎泽区", "140106")] },
  { region: "Jiangxi", regionHanzi: "江西省", name: "Nanchang", hanzi: "南昌市", weight: 2, districts: [d("Donghu", "东湖区", "360102"), d("Xihu", "西湖区", "360103")] },
  { region: "Yunnan", regionHanzi: "云南省", name: "Kunming", hanzi: "昆明市", weight: 2, districts: [d("Wuhua", "五华区", "530102"), d("Panlong", "盘龙区", "530103")] },
  { region: "Guizhou", regionHanzi: "贵州省", name: "Guiyang", hanzi: "贵阳市", weight: 2, districts: [d("Nanming", "南明区", "520102"), d("Yunyan", "云岩区", "520103")] },
  { region: "Guangxi", regionHanzi: "广西壮族自治区", name: "Nanning", hanzi: "南宁市", weight: 2, districts: [d("Qingxiu", "青秀区", "450103"), d("Xingning", "兴宁区", "450102")] },
  { region: "Hainan", regionHanzi: "海南省", name: "Haikou", hanzi: "海口市", weight: 1, districts: [d("Longhua", "龙华区", "460106"), d("Meilan", "美兰区", "460108")] },
  { region: "Gansu", regionHanzi: "甘肃省", name: "Lanzhou", hanzi: "兰州市", weight: 1, districts: [d("Chengguan", "城关区", "620102"), d("Qilihe", "七里河区", "620103")] },
  { region: "Inner Mongolia", regionHanzi: "内蒙古自治区", name: "Hohhot", hanzi: "呼和浩特市", weight: 1, districts: [d("Xincheng", "新城区", "150102"), d("Huimin", "回民区", "150103")] },
  { region: "Xinjiang", regionHanzi: "新疆维吾尔自治区", name: "Urumqi", hanzi: "乌鲁木齐市", weight: 1, districts: [d("Tianshan", "天山区", "650102"), d("Shayibake", "沙依巴克区", "650103")] },
];

/** Street names common to most Chinese cities, for believable addresses. */
export const STREETS = [
  "人民路", "解放路", "中山路", "建设路", "和平路", "新华路", "文化路", "长江路", "黄河路", "胜利路",
  "青年路", "朝阳路", "工业大道", "科技路", "学府路", "滨河路", "花园路", "东风路", "光明路", "幸福路",
  "体育路", "府前街", "北京路", "南京路", "环城路", "世纪大道", "创业路", "银河路", "翠湖路", "金融街",
];

/** Residential compound names; business addresses use office towers instead. */
export const COMPOUNDS = ["花园", "小区", "新村", "家园", "公寓", "雅苑", "名苑", "华庭", "嘉园", "城"];
export const COMPOUND_PREFIXES = ["阳光", "金色", "碧水", "翠竹", "锦绣", "万科", "绿地", "保利", "龙湖", "春天", "和谐", "丽景"];
export const TOWERS = ["国际大厦", "科技园", "商务中心", "金融中心", "创意园", "写字楼", "广场"];

// Place names in the style of 周口 and the Huang-Huai plain: streets after roads and auspicious
// words (文昌街道, 七一路街道), towns after a family and a market or camp (练集镇, 王店乡),
// villages after a family and its settlement (李庄村, 后王楼村). All offline word lists; the
// names are plausible, not real, and every region carries generated: true.
import type { Random } from './prng.ts';
import { pick } from './prng.ts';

// Word lists as strings (one character each, or space-separated words): kept compact so the
// lists stay readable at a glance instead of one entry per line.
const chars = (list: string): readonly string[] => Array.from(list);
const words = (list: string): readonly string[] => list.split(' ');

const SURNAMES = chars(
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈彭吕苏卢蒋蔡贾丁魏薛叶闫' +
    '余潘杜戴夏汪田任姜范方石姚谭邹金陆郝孔白崔康毛邱秦史侯邵孟段雷常武乔贺牛岳聂付练汲芦皇齐葛申屈耿',
);

/** Settlement words; repeated entries make the common ones (庄, 楼, 营) more likely. */
const VILLAGE_SUFFIXES = chars('庄庄庄楼楼营营寨集湾屯岗洼店桥庙寺园坡台湖井堂林口庄');
const VILLAGE_PREFIXES = chars('大小前后东西南北新老上下');

const TOWN_SUFFIXES = chars('集集营店庄寨口桥楼岗庙台冢井湖寺');
const TOWN_DESCRIPTORS = chars('老新白黄清安宁永长丰太平龙凤金石临板');
const TOWN_PLACES = chars('城桥潭集丘平店安乐湖岗河台寨陵');
const TOWN_LONG_ENDINGS = words('母口 槽集 老家 家集 家店 楼集 营寨');

const STREET_WORDS = words(
  '陈州 七一路 荷花路 人和 小桥 文昌 华耀城 太昊路 金海路 搬口 新华 建设路 人民路 解放路 交通路 八一路 五一路 ' +
    '中州路 文化路 工农路 车站 站前 滨河 沙北 沙南 颍河 光明 和平 团结 胜利 振兴 育新 朝阳 凤凰 龙湖 莲花 东新 ' +
    '富民 兴隆 万福 康宁 永安 长青 老城 周口港 汉阳路 庆丰 复兴 中原路 迎宾 春华 秀水 锦绣 明珠 荷香 水寨',
);
/** County seats name their few streets after the compass and the old walled town. */
const SEAT_STREET_WORDS = words('城关 东城 西城 南城 北城 新城 城郊');

const COMMUNITY_WORDS = words(
  '建设 人民 解放 和平 中州 文化 交通 工农 八一 七一 五一 新华 光明 团结 胜利 育才 滨河 花园 朝阳 东风 友谊 ' +
    '新民 车站 站前 公园 体育 富民 幸福 康乐 安居 金水 银河 长春 龙湖 凤凰 青年 红旗 向阳 民主 兴华 文明 振兴 ' +
    '太昊 大庆 莲花 荷花 牡丹 桂花 石榴 枣园 梨园 桃园 育新 南关 北关 东关 西关 联合 爱民 复兴 中原 汉阳 庆丰 ' +
    '丰收 中山 健康 东方 春晖 秀水 锦绣 和谐 兴业',
);
/** Empty entries leave the bare word (光明社区); repeats make 路 the most common. */
const COMMUNITY_SUFFIXES = ['路', '路', '路', '街', '', '', '', '里', '苑', '园', '新村'] as const;

const CHINESE_DIGITS = chars('〇一二三四五六七八九');

/** Tries the generator; after enough collisions numbers the base, as real 李庄一村 / 二村 do. */
function unique(taken: Set<string>, make: () => string, suffix: string): string {
  for (let tries = 0; tries < 50; tries++) {
    const base = make();
    if (!taken.has(base)) {
      taken.add(base);
      return base + suffix;
    }
  }
  const base = make();
  for (let n = 1; ; n++) {
    const numbered = `${base}${n < 10 ? CHINESE_DIGITS[n] : n}`;
    if (!taken.has(numbered)) {
      taken.add(numbered);
      return numbered + suffix;
    }
  }
}

/** `taken` holds bases already used in the district (shared by streets and towns). */
export function streetName(random: Random, taken: Set<string>, countySeat: boolean): string {
  const seatWords = SEAT_STREET_WORDS.filter((word) => !taken.has(word));
  if (countySeat && seatWords.length > 0 && random() < 0.8) return unique(taken, () => pick(random, seatWords), '街道');
  return unique(taken, () => pick(random, STREET_WORDS), '街道');
}

export function townName(random: Random, taken: Set<string>, kind: 'town' | 'township'): string {
  const make = (): string => {
    const roll = random();
    if (roll < 0.6) return pick(random, SURNAMES) + pick(random, TOWN_SUFFIXES);
    if (roll < 0.85) return pick(random, TOWN_DESCRIPTORS) + pick(random, TOWN_PLACES);
    return pick(random, SURNAMES) + pick(random, TOWN_LONG_ENDINGS);
  };
  return unique(taken, make, kind === 'town' ? '镇' : '乡');
}

export function communityName(random: Random, taken: Set<string>): string {
  const make = (): string => {
    const word = pick(random, COMMUNITY_WORDS);
    const suffix = pick(random, COMMUNITY_SUFFIXES);
    // 枣园 + 园 or 新村 + 村 would read as a typo.
    return suffix !== '' && word.endsWith(suffix[suffix.length - 1]) ? word : word + suffix;
  };
  return unique(taken, make, '社区');
}

export function villageName(random: Random, taken: Set<string>): string {
  const make = (): string => {
    const prefix = random() < 0.3 ? pick(random, VILLAGE_PREFIXES) : '';
    return prefix + pick(random, SURNAMES) + pick(random, VILLAGE_SUFFIXES);
  };
  return unique(taken, make, '村');
}

export const gridName = (ordinal: number): string => `第${ordinal}网格`;

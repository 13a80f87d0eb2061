// The organisations of the demo city 周口市: real kinds of units with plausible names.
import type { UnitKind } from '@gongzhi/contracts';

export interface DemoUnit {
  name: string;
  kind: UnitKind;
  departmentType?: string;
}

/** Line departments (条) present at city and district level, keyed by department type. */
export const lineDepartments: [type: string, cityName: string, districtSuffix: string][] = [
  ['城管', '周口市城市管理局', '城市管理局'],
  ['住建', '周口市住房和城乡建设局', '住房和城乡建设局'],
  ['生态环境', '周口市生态环境局', '生态环境分局'],
  ['交通运输', '周口市交通运输局', '交通运输局'],
  ['水利', '周口市水利局', '水利局'],
  ['市场监管', '周口市市场监督管理局', '市场监督管理局'],
  ['公安', '周口市公安局', '公安分局'],
  ['教育', '周口市教育局', '教育局'],
  ['卫健', '周口市卫生健康委员会', '卫生健康委员会'],
  ['人社', '周口市人力资源和社会保障局', '人力资源和社会保障局'],
  ['民政', '周口市民政局', '民政局'],
  ['自然资源', '周口市自然资源和规划局', '自然资源局'],
  ['应急管理', '周口市应急管理局', '应急管理局'],
];

export const cityUnits: DemoUnit[] = [
  { name: '中共周口市委员会', kind: 'party_org' },
  { name: '周口市人民政府', kind: 'government' },
  { name: '周口市12345政务服务便民热线中心', kind: 'hotline_centre' },
  { name: '周口市城市运行管理指挥中心', kind: 'command_centre' },
  ...lineDepartments.map(([type, name]) => ({ name, kind: 'department' as const, departmentType: type })),
  { name: '周口市自来水有限公司', kind: 'utility', departmentType: '供水' },
  { name: '国网河南省电力公司周口供电公司', kind: 'utility', departmentType: '供电' },
  { name: '周口市天然气有限公司', kind: 'utility', departmentType: '燃气' },
  { name: '周口市热力有限公司', kind: 'utility', departmentType: '供热' },
];

/** Resident units, property companies and new-sector organisations, placed in the urban district. */
export const urbanDistrictUnits: DemoUnit[] = [
  { name: '周口师范学院', kind: 'resident_unit' },
  { name: '周口市中心医院', kind: 'resident_unit' },
  { name: '中国银行周口分行', kind: 'resident_unit' },
  { name: '周口建业物业服务有限公司', kind: 'property_company' },
  { name: '周口市红旗物业管理有限公司', kind: 'property_company' },
  { name: '周口万达广场商务楼宇', kind: 'new_sector_org', departmentType: '商务楼宇' },
  { name: '周口港口物流产业园', kind: 'new_sector_org', departmentType: '园区' },
];

export function districtUnits(districtName: string): DemoUnit[] {
  const county = districtName.endsWith('县');
  return [
    { name: `中共${districtName}委员会`, kind: 'party_org' },
    { name: `${districtName}人民政府`, kind: 'government' },
    { name: `${districtName}城市运行管理中心`, kind: 'command_centre' },
    ...lineDepartments.map(([type, , suffix]) => ({
      name: `${districtName}${county && suffix.endsWith('分局') ? suffix.replace('分局', '局') : suffix}`,
      kind: 'department' as const,
      departmentType: type,
    })),
  ];
}

export function streetUnits(streetName: string, subtype: string): DemoUnit[] {
  if (subtype === 'street') {
    return [
      { name: `中共${streetName}工作委员会`, kind: 'party_org' },
      { name: `${streetName}办事处`, kind: 'street_office' },
    ];
  }
  return [
    { name: `中共${streetName}委员会`, kind: 'party_org' },
    { name: `${streetName}人民政府`, kind: 'street_office' },
  ];
}

export function communityUnits(communityName: string, subtype: string): DemoUnit[] {
  if (subtype === 'village') {
    return [
      { name: `中共${communityName}支部委员会`, kind: 'party_org' },
      { name: `${communityName}村民委员会`, kind: 'community_committee' },
    ];
  }
  return [
    { name: `中共${communityName}委员会`, kind: 'party_org' },
    { name: `${communityName}居民委员会`, kind: 'community_committee' },
  ];
}

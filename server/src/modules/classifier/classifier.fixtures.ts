// A small made-up corpus for the classifier's tests: three kinds of complaints, varied by place and detail.

const places = ['幸福小区', '人民路', '建设街', '文昌大道', '七一路', '滨河公园', '交通路口', '光明社区', '新华街道', '南环路'];
const times = ['每天晚上', '最近一周', '今天早上', '凌晨两点', '周末', '这个月'];

const templates: Record<string, string[]> = {
  noise: [
    '{place}附近的工地{time}施工噪音太大，吵得居民无法休息，请管一管。',
    '{place}有商户{time}用高音喇叭招揽生意，噪声扰民严重。',
    '{time}{place}广场舞音响声音特别大，老人孩子都睡不着觉。',
    '{place}的酒吧{time}音乐很吵，噪音扰民，希望执法部门处理。',
  ],
  road: [
    '{place}路面{time}出现大坑，车辆经过很危险，请尽快修补道路。',
    '{place}的路灯坏了{time}都不亮，行人走路看不清，请维修。',
    '{place}人行道砖松动破损，{time}有人摔倒，请修复。',
    '{place}下水道井盖{time}丢失，路上有个洞，非常危险。',
  ],
  water: [
    '{place}{time}停水了，没有任何通知，居民生活用水困难。',
    '{place}自来水{time}发黄有异味，不敢饮用，请检查水质。',
    '{place}的水压{time}特别低，楼上住户根本用不上水。',
    '{place}供水管道{time}破裂漏水，大量自来水浪费，请抢修。',
  ],
};

/** `perLabel` texts of each label (noise, road, water), deterministic. */
export function sampleCorpus(perLabel: number): { texts: string[]; labels: string[] } {
  const texts: string[] = [];
  const labels: string[] = [];
  for (const [label, list] of Object.entries(templates)) {
    for (let i = 0; i < perLabel; i++) {
      const template = list[i % list.length];
      texts.push(template.replace('{place}', places[(i * 7) % places.length]).replace('{time}', times[(i * 5) % times.length]));
      labels.push(label);
    }
  }
  return { texts, labels };
}

// The files the import page reads and the templates it offers: pure text work, no requests.
/**
 * Reads an uploaded file as text: UTF-8 when it is valid UTF-8, else GB18030, which is what
 * Excel on a Chinese Windows writes when it saves a CSV.
 */
export async function readTextFile(file: Blob): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Offers text as a file download, made in the browser. */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // the browser has taken the file once the click has been handled
  window.setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** Example codes inside the user's own city: a district, one of its streets, a community of that street. */
function exampleCodes(cityCode: string) {
  const district = `${cityCode.slice(0, 4)}02`;
  const street = `${district}001`;
  return { district, street, community: `${street}099` };
}

/** A small square around a point, as a GeoJSON Polygon ring (closed). */
function square(lng: number, lat: number, half: number): number[][][] {
  const round = (value: number) => Math.round(value * 1e6) / 1e6;
  return [
    [
      [round(lng - half), round(lat - half)],
      [round(lng + half), round(lat - half)],
      [round(lng + half), round(lat + half)],
      [round(lng - half), round(lat + half)],
      [round(lng - half), round(lat - half)],
    ],
  ];
}

/** The region template: one community under an existing street, with a placeholder boundary. */
export function regionsTemplate(cityCode: string): string {
  const codes = exampleCodes(cityCode);
  const collection = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: {
          code: codes.community,
          name: '示例社区',
          level: 'community',
          parentCode: codes.street,
          subtype: 'community',
          population: 3200,
        },
        geometry: { type: 'Polygon', coordinates: square(114.65, 33.62, 0.004) },
      },
    ],
  };
  return `${JSON.stringify(collection, null, 2)}\n`;
}

/** The short example shown on the page: the properties of one feature, the geometry elided. */
export function regionsExample(cityCode: string): string {
  const codes = exampleCodes(cityCode);
  return [
    '{ "type": "FeatureCollection", "features": [',
    '  { "type": "Feature",',
    `    "properties": { "code": "${codes.community}", "name": "示例社区",`,
    `      "level": "community", "parentCode": "${codes.street}", "population": 3200 },`,
    '    "geometry": { "type": "Polygon", "coordinates": [[[114.646, 33.616], …]] } }',
    '] }',
  ].join('\n');
}

export const UNITS_HEADER = 'name,kind,region_code,department_type';

/** The unit template: a header and two rows; the BOM lets Excel read the Chinese names. */
export function unitsTemplate(cityCode: string): string {
  return `\uFEFF${unitsExample(cityCode)}\n`;
}

export function unitsExample(cityCode: string): string {
  const codes = exampleCodes(cityCode);
  return [
    UNITS_HEADER,
    `示例社区物业服务中心,property_company,${codes.community},`,
    `示例区城市管理局,department,${codes.district},城管`,
  ].join('\n');
}

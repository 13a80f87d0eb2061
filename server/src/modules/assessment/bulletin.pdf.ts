import PDFDocument from 'pdfkit';
import type { AssessmentRow, AssessmentUnits, Bulletin } from '@gongzhi/contracts';

import { bulletinFont } from './bulletin.font.ts';

// The bulletin as a PDF, drawn with pdfkit (pure JavaScript) in Noto Sans SC (bulletin.font.ts), so no
// system font is needed.

const CLASS_NAMES = { advanced: '先进', progress: '进步', rectify: '整改', govern: '治理' } as const;
const LEVEL_NAMES: Record<string, string> = { city: '市', district: '区', street: '街道', community: '社区', grid: '网格' };

const percent = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`);
const figure = (row: AssessmentRow, key: string) => row.figures.find((f) => f.key === key)?.value ?? null;

interface Column {
  title: string;
  width: number;
  value: (row: AssessmentRow) => string;
}

const COLUMNS: Column[] = [
  { title: '名次', width: 34, value: (r) => (r.rank === null ? '—' : String(r.rank)) },
  { title: '单位', width: 130, value: (r) => r.name + (r.insufficient ? '（样本不足）' : '') },
  { title: '得分', width: 44, value: (r) => (r.score === null ? '—' : r.score.toFixed(1)) },
  {
    title: '变化',
    width: 36,
    value: (r) => (r.rankChange === null ? '—' : r.rankChange > 0 ? `↑${r.rankChange}` : r.rankChange < 0 ? `↓${-r.rankChange}` : '—'),
  },
  { title: '响应率', width: 50, value: (r) => percent(figure(r, 'responseRate')) },
  { title: '解决率', width: 50, value: (r) => percent(figure(r, 'resolutionRate')) },
  { title: '满意率', width: 50, value: (r) => percent(figure(r, 'satisfactionRate')) },
  { title: '按时率', width: 50, value: (r) => percent(figure(r, 'onTimeRate')) },
  { title: '回访件', width: 40, value: (r) => String(r.counts.rated ?? 0) },
  { title: '类别', width: 36, value: (r) => (r.class ? CLASS_NAMES[r.class] : '') },
];

/** Renders the bulletin; resolves with the PDF bytes. */
export function bulletinPdf(bulletin: Bulletin): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: `${bulletin.region.name}${bulletin.period}调度通报` } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('sc', bulletinFont());
  doc.font('sc');

  doc.fontSize(18).text(`${bulletin.region.name}接诉即办调度通报`, { align: 'center' });
  doc
    .fontSize(10)
    .text(`${bulletin.period} · ${LEVEL_NAMES[bulletin.region.level] ?? ''}级 · 生成于 ${bulletin.generatedAt.slice(0, 10)}`, {
      align: 'center',
    });
  doc.moveDown();

  heading(doc, '一、总体情况');
  const t = bulletin.total;
  doc.fontSize(10).text(
    `本月办结 ${t.counts.replied ?? 0} 件，回访 ${t.counts.rated ?? 0} 件。` +
      bulletin.definitions
        .map((d) => {
          const f = t.figures.find((x) => x.key === d.key);
          if (!f) return '';
          // A territory has no whistle figures of departments (summons, ratings): left out, not shown as —.
          if (d.source === 'whistles' && f.value === null) return '';
          const value =
            d.kind === 'rate'
              ? percent(f.value)
              : d.kind === 'hours'
                ? `${f.value === null ? '—' : f.value.toFixed(1)} 小时`
                : d.kind === 'rating'
                  ? `${f.value === null ? '—' : f.value.toFixed(2)} 分`
                  : d.kind === 'perThousand'
                    ? `${f.value === null ? '—' : f.value.toFixed(2)}‰`
                    : `${f.value ?? 0} 件`;
          return `${d.nameZh} ${value}`;
        })
        .filter(Boolean)
        .join('；') +
      '。',
  );
  doc.moveDown();

  heading(doc, '二、街道（乡镇）排名');
  table(doc, bulletin.streets);
  heading(doc, '三、部门排名');
  table(doc, bulletin.departments);

  heading(doc, '四、约谈');
  if (bulletin.talks.length === 0) doc.fontSize(10).text('本月无约谈。');
  for (const talk of bulletin.talks) {
    doc
      .fontSize(10)
      .text(
        `${talk.subjectName}：${talk.reason}；约谈人 ${talk.superiorUnit?.name ?? '—'}；` +
          `${talk.heldAt ? `已于 ${talk.heldAt.slice(0, 10)} 约谈` : talk.scheduledAt ? `定于 ${talk.scheduledAt.slice(0, 10)} 约谈` : '待安排'}；` +
          `整改事项 ${talk.items.length} 项，已完成 ${talk.items.filter((i) => i.doneAt).length} 项。`,
      );
  }
  if (bulletin.openItems.length > 0) {
    doc.moveDown(0.5).fontSize(10).text('往期约谈未完成整改事项：');
    for (const item of bulletin.openItems) doc.text(`· ${item.subjectName}（${item.period}）：${item.text}，责任人 ${item.owner}`);
  }
  doc.moveDown();

  heading(doc, '五、典型案例');
  if (bulletin.typicalCases.length === 0) doc.fontSize(10).text('本月无不满意案例。');
  for (const c of bulletin.typicalCases) {
    doc.fontSize(10).text(`${c.trackingCode}（${c.unitName ?? '—'}，重办 ${c.reopenCount} 次）：${c.text}`);
  }
  doc.end();
  return done;
}

function heading(doc: PDFKit.PDFDocument, text: string): void {
  doc.x = doc.page.margins.left;
  doc.fontSize(13).text(text);
  doc.moveDown(0.3);
}

function table(doc: PDFKit.PDFDocument, ranking: AssessmentUnits): void {
  const left = doc.page.margins.left;
  const rowHeight = 15;
  const line = (cells: string[], bold = false) => {
    if (doc.y + rowHeight > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    let x = left;
    doc.fontSize(bold ? 9 : 8.5);
    COLUMNS.forEach((column, i) => {
      doc.text(cells[i] ?? '', x, y, { width: column.width - 4, lineBreak: false, ellipsis: true });
      x += column.width;
    });
    doc.y = y + rowHeight;
  };
  line(
    COLUMNS.map((c) => c.title),
    true,
  );
  const ranked = ranking.rows.filter((row) => row.rank !== null);
  for (const row of ranked) line(COLUMNS.map((c) => c.value(row)));
  doc.x = left;
  const unranked = ranking.rows.length - ranked.length;
  if (unranked > 0) doc.fontSize(9).text(`另有 ${unranked} 个单位本月回访件数不足，未参与排名（见网页版）。`);
  doc.moveDown();
}

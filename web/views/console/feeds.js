// feeds.js - uploading a product feed (/console/feeds): a TSV or CSV file in
// Merchant Center columns, as a full snapshot or a partial update. A feed
// with bad lines is refused whole (422) with every bad line; the page shows
// the first 1000 as a table, all of them as a CSV to download, and offers to
// import only the good lines (skip_bad=true).

import {h, replace} from '../../core/dom.js';
import {t, number} from '../../core/i18n.js';
import {upload, ApiError} from '../../core/api.js';
import {field, form, errorBox} from '../../core/forms.js';
import {withRetailer} from './common.js';

// The Content-Type of a feed file by its name: .csv is CSV, else TSV.
function feedType(file) {
  return /\.csv$/i.test(file.name) ? 'text/csv' : 'text/tab-separated-values';
}

// Rows shown in a table; a report may list up to 100,000 bad lines, all
// of them in the CSV the page offers for download.
const TABLE_ROWS_MAX = 1000;

// The report's lines as CSV (line, column, reason), for a spreadsheet.
function errorsCsv(errors) {
  const cell = (v) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return ['line,column,reason', ...errors.map((e) =>
    [String(e.line), e.column || '', e.detail || ''].map(cell).join(','))].join('\r\n') + '\r\n';
}

function errorTable(errors, total) {
  const shown = errors.slice(0, TABLE_ROWS_MAX);
  const csv = URL.createObjectURL(new Blob([errorsCsv(errors)], {type: 'text/csv'}));
  return h('div', {},
    h('div', {class: 'table-wrap'}, h('table', {class: 'feed-errors'},
      h('caption', {}, t('con.fd.errors_caption', {n: total})),
      h('thead', {}, h('tr', {},
        h('th', {scope: 'col', class: 'num'}, t('con.fd.line')),
        h('th', {scope: 'col'}, t('con.fd.column')),
        h('th', {scope: 'col'}, t('con.fd.reason')))),
      h('tbody', {}, shown.map((e) => h('tr', {},
        h('th', {scope: 'row', class: 'num'}, number(e.line)),
        h('td', {}, e.column ? h('code', {}, e.column) : '—'),
        h('td', {}, e.detail)))))),
    total > shown.length && h('p', {class: 'muted'}, t('con.fd.errors_more', {n: shown.length})),
    h('p', {}, h('a', {href: csv, download: 'feed-errors.csv', class: 'feed-errors-csv'},
      t('con.fd.errors_download', {n: errors.length}))));
}

function summary(report) {
  const rows = [['created', report.created], ['updated', report.updated],
    ['unchanged', report.unchanged], ['out_of_stock', report.out_of_stock],
    ['price_changes', report.price_changes], ['bad', report.bad]];
  return h('section', {class: 'panel feed-summary', 'aria-labelledby': 'fd-sum-h'},
    h('h2', {id: 'fd-sum-h', tabindex: '-1'}, t('con.fd.done_title')),
    h('p', {role: 'status'}, t('con.fd.done', {n: report.imported, lines: report.lines})),
    h('dl', {class: 'counts'}, rows.map(([k, v]) => h('div', {},
      h('dt', {}, t(`con.fd.count.${k}`)), h('dd', {}, number(v || 0))))),
    report.errors && report.errors.length > 0 && [h('h3', {}, t('con.fd.skipped_title')),
      errorTable(report.errors, report.errors_total)],
    report.warnings && report.warnings.length > 0 && h('ul', {class: 'muted'},
      report.warnings.map((w) => h('li', {}, t('con.fd.warning', {line: w.line, detail: w.detail})))));
}

export async function feeds(ctx) {
  return withRetailer(ctx, t('con.fd.title'), async (retailer) => {
    const result = h('div', {'aria-live': 'polite'});
    const path = `/v1/retailers/${retailer.id}/feeds`;
    async function send(file, mode, skipBad) {
      const query = {mode, skip_bad: skipBad ? 'true' : undefined};
      return upload(path, file, feedType(file), query);
    }
    const modeField = h('fieldset', {class: 'choices', 'data-field': 'mode'},
      h('legend', {}, t('con.fd.mode')),
      ['full', 'partial'].map((m) => h('div', {class: 'field-check'},
        h('input', {type: 'radio', name: 'mode', value: m, id: `fd-mode-${m}`, checked: m === 'full',
          'aria-describedby': `fd-mode-${m}-hint`}),
        h('label', {for: `fd-mode-${m}`}, t(`con.fd.mode_${m}`)),
        h('p', {class: 'hint', id: `fd-mode-${m}-hint`}, t(`con.fd.mode_${m}_hint`)))));
    const f = form({
      fields: [
        field({name: 'file', type: 'file', label: t('con.fd.file'), hint: t('con.fd.file_hint'),
          accept: '.tsv,.csv,.txt,text/tab-separated-values,text/csv', required: true}),
        modeField,
      ],
      submit: t('con.fd.upload'),
      onSubmit: async (v, el) => {
        replace(result);
        const file = v.file;
        if (!file) {
          throw new ApiError(422, {code: 'validation_failed', detail: t('con.fix_fields'),
            errors: [{pointer: '/file', detail: t('con.fd.choose_file')}]});
        }
        const mode = el.querySelector('input[name="mode"]:checked').value;
        try {
          replace(result, summary(await send(file, mode, false)));
        } catch (e) {
          if (e.status !== 422 || !e.errors.some((x) => x.line)) throw e;
          const skip = h('button', {type: 'button', class: 'btn btn-primary'}, t('con.fd.skip_bad'));
          skip.addEventListener('click', async () => {
            skip.disabled = true;
            try {
              replace(result, summary(await send(file, mode, true)));
              result.querySelector('h2').focus();
            } catch (e2) {
              replace(result, errorBox(e2));
            }
          });
          replace(result, h('section', {class: 'panel', 'aria-labelledby': 'fd-bad-h'},
            h('h2', {id: 'fd-bad-h', tabindex: '-1'}, t('con.fd.refused_title')),
            h('p', {class: 'form-alert'}, e.message),
            errorTable(e.errors.filter((x) => x.line), e.errors.length),
            h('p', {}, t('con.fd.skip_explain')),
            h('div', {class: 'btn-row'}, skip)));
          result.querySelector('h2').focus();
        }
      },
    });
    return [
      h('section', {class: 'panel', 'aria-labelledby': 'fd-up-h'},
        h('h2', {id: 'fd-up-h'}, t('con.fd.upload_title')),
        h('p', {class: 'muted'}, t('con.fd.intro')), f),
      result,
    ];
  });
}

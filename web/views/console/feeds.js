// feeds.js - uploading a product feed (/console/feeds): a TSV or CSV file in
// Merchant Center columns, as a full snapshot or a partial update. A feed
// with bad lines is refused whole (422) with every bad line; the page shows
// them as a table and offers to import only the good lines (skip_bad=true).

import {h, replace} from '../../core/dom.js';
import {t, number} from '../../core/i18n.js';
import {upload, ApiError} from '../../core/api.js';
import {field, form, errorBox} from '../../core/forms.js';
import {withRetailer} from './common.js';

// The Content-Type of a feed file by its name: .csv is CSV, else TSV.
function feedType(file) {
  return /\.csv$/i.test(file.name) ? 'text/csv' : 'text/tab-separated-values';
}

function errorTable(errors, total) {
  return h('div', {},
    h('div', {class: 'table-wrap'}, h('table', {class: 'feed-errors'},
      h('caption', {}, t('con.fd.errors_caption', {n: total})),
      h('thead', {}, h('tr', {},
        h('th', {scope: 'col', class: 'num'}, t('con.fd.line')),
        h('th', {scope: 'col'}, t('con.fd.column')),
        h('th', {scope: 'col'}, t('con.fd.reason')))),
      h('tbody', {}, errors.map((e) => h('tr', {},
        h('th', {scope: 'row', class: 'num'}, number(e.line)),
        h('td', {}, e.column ? h('code', {}, e.column) : '—'),
        h('td', {}, e.detail)))))),
    total > errors.length && h('p', {class: 'muted'}, t('con.fd.errors_more', {n: errors.length})));
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

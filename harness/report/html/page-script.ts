// The page's only script: filters by status, runtime, platform, family, net and text, and opens a linked run. The page reads whole without it.

/** Plain ES2020 for any current browser; it only hides and shows what the HTML already holds. */
export const PAGE_SCRIPT = String.raw`(() => {
  'use strict';
  const root = document.documentElement;
  root.classList.remove('no-js');
  root.classList.add('js');
  const form = document.getElementById('filters');
  const matrix = document.getElementById('matrix');
  if (!form || !matrix) return;
  const text = document.getElementById('filter-text');
  const count = document.getElementById('filter-count');
  const leaves = Array.from(matrix.querySelectorAll('thead th[data-c]'));
  const rows = Array.from(matrix.querySelectorAll('tbody tr'));
  const sections = new Map(Array.from(document.querySelectorAll('section.case'), (s) => [s.dataset.case, s]));
  const boxes = (name) => Array.from(form.querySelectorAll('input[name="' + name + '"]'));
  const checked = (name) => new Set(boxes(name).filter((i) => i.checked).map((i) => i.value));

  const apply = () => {
    const statuses = checked('status');
    const runtimes = checked('runtime');
    const platforms = checked('platform');
    const anyPlatform = boxes('platform').length === 0;
    const families = checked('family');
    const anyFamily = boxes('family').length === 0;
    const nets = checked('net');
    const anyNet = boxes('net').length === 0;
    const shown = leaves.map((th) => runtimes.has(th.dataset.rt) && (anyPlatform || platforms.has(th.dataset.pf)) && (anyFamily || families.has(th.dataset.fm))
      && (anyNet || nets.has(th.dataset.nt)));
    for (const el of matrix.querySelectorAll('[data-c]')) el.hidden = !shown[Number(el.dataset.c)];
    for (const th of matrix.querySelectorAll('th[data-span]')) {
      const n = th.dataset.span.split(' ').filter((c) => shown[Number(c)]).length;
      th.hidden = n === 0;
      if (n > 0) th.colSpan = n;
    }
    const narrowed = statuses.size < boxes('status').length || shown.includes(false);
    const query = text.value.trim().toLowerCase();
    let visible = 0;
    let total = 0;
    let group = null;
    let groupShown = false;
    const closeGroup = () => { if (group) group.hidden = !groupShown; };
    for (const tr of rows) {
      if (tr.classList.contains('group-row')) {
        closeGroup();
        group = tr;
        groupShown = false;
        continue;
      }
      total += 1;
      const cells = Array.from(tr.querySelectorAll('td[data-s]')).filter((td) => shown[Number(td.dataset.c)]);
      for (const td of cells) td.classList.toggle('dim', !statuses.has(td.dataset.s));
      const hit = cells.some((td) => statuses.has(td.dataset.s));
      const show = (!narrowed || hit) && (query === '' || tr.dataset.text.includes(query));
      tr.hidden = !show;
      if (show) { visible += 1; groupShown = true; }
      const section = sections.get(tr.dataset.case);
      if (!section) continue;
      section.hidden = !show;
      for (const run of section.querySelectorAll('details.run')) {
        run.hidden = !(shown[Number(run.dataset.c)] && statuses.has(run.dataset.s));
      }
    }
    closeGroup();
    count.value = visible === total ? total + ' cases' : visible + ' of ' + total + ' cases shown';
  };

  const reset = () => {
    for (const box of form.querySelectorAll('input[type="checkbox"]')) box.checked = true;
    text.value = '';
    apply();
  };

  // A link to a run (a matrix cell) opens its details, and clears filters that would hide it.
  const openTarget = () => {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id ? document.getElementById(id) : null;
    if (!target) return;
    if (target.closest('[hidden]')) reset();
    for (let el = target; el; el = el.parentElement) if (el.tagName === 'DETAILS') el.open = true;
    target.scrollIntoView();
  };

  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', (event) => event.preventDefault());
  document.getElementById('filter-reset').addEventListener('click', reset);
  window.addEventListener('hashchange', openTarget);
  apply();
  openTarget();
})();
`;

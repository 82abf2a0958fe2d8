// blast's HTML report: selection, highlight, cascade timelines, search,
// filters and sorting over what the page already holds. Every figure was
// computed by blast; this script only shows it. The state lives in the
// location's hash (#s/ID, #fail/ID, #finding/N), so links, the back button
// and a bookmark all work, opened from disk.
(function () {
  'use strict';

  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const data = JSON.parse($('#blast-data').textContent);
  const S = data.services;
  const STR = data.strings;
  for (const s of S) {
    s.title = s.title || s.id;
    for (const k of ['spofs', 'needs', 'neededBy']) s[k] = s[k] || [];
  }
  const byId = new Map(S.map((s, i) => [s.id, i]));

  // el builds an element: el('a', {href: '#'}, 'text', child...).
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const k of kids.flat()) {
      if (k !== undefined && k !== null && k !== false) e.append(k);
    }
    return e;
  }
  const svcLink = (i) => el('a', {href: '#s/' + S[i].id, title: S[i].title}, S[i].id);

  // ---- The diagram: Graphviz's SVG, its nodes and edges indexed. ----
  const svg = $('#diagram svg');
  const nodeEl = [];
  const edges = [];
  let panZoom = null;

  // owner resolves a Graphviz node name: a service ID, or a redundancy
  // group's junction "group:SERVICE:NAME" (owned by SERVICE).
  function owner(name) {
    if (name.startsWith('group:')) {
      const rest = name.slice(6);
      return {svc: byId.get(rest.slice(0, rest.indexOf(':'))), junction: name};
    }
    return {svc: byId.get(name), junction: null};
  }
  // parseEdge reads an edge's title "FROM->TO": service IDs never hold a
  // ">", so the arrow is the first ">" unless FROM is a junction, whose
  // group name may (then TO, a service, holds none).
  function parseEdge(t) {
    let k;
    if (t.startsWith('group:')) k = t.lastIndexOf('->');
    else k = t.indexOf('>') - 1;
    if (k < 0) return null;
    const f = owner(t.slice(0, k)), d = owner(t.slice(k + 2));
    if (f.svc === undefined || d.svc === undefined) return null;
    return {from: f.svc, to: d.svc, fromJunction: f.junction, toJunction: d.junction};
  }

  if (svg) {
    // A node's or edge's name: data-name (the page moves it there), or
    // Graphviz's own title.
    const nameOf = (g) => g.dataset.name ?? (g.querySelector('title') || {}).textContent;
    for (const g of $$('g.node, g.edge', svg)) {
      if ((nameOf(g) || '').startsWith('legend:')) g.classList.add('legend'); // never dimmed
    }
    for (const g of $$('g.node', svg)) {
      const i = byId.get(nameOf(g));
      if (i === undefined) continue;
      nodeEl[i] = g;
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      g.setAttribute('aria-label', S[i].title + ' (' + S[i].id + ', ' + S[i].role + ', ' + S[i].crit + ')');
      g.dataset.i = i;
    }
    for (const g of $$('g.edge', svg)) {
      const t = nameOf(g);
      const e = t && parseEdge(t);
      if (e) edges.push(Object.assign({el: g}, e));
    }
    const viewBox = svg.getAttribute('viewBox'); // svg-pan-zoom drops it
    panZoom = window.svgPanZoom(svg, {
      zoomEnabled: true, controlIconsEnabled: false, dblClickZoomEnabled: false,
      fit: true, center: true, minZoom: 0.02, maxZoom: 60, zoomScaleSensitivity: 0.25,
    });
    // A click selects; a drag (svg-pan-zoom's pan) does not.
    let down = null;
    svg.addEventListener('mousedown', (ev) => { down = [ev.clientX, ev.clientY]; });
    svg.addEventListener('click', (ev) => {
      const moved = down && Math.hypot(ev.clientX - down[0], ev.clientY - down[1]) > 4;
      const g = ev.target.closest('g.node');
      if (moved || !g || g.dataset.i === undefined) return;
      ev.preventDefault();
      fromDiagram = true;
      go('s/' + S[+g.dataset.i].id);
    });
    svg.addEventListener('keydown', (ev) => {
      const g = ev.target.closest && ev.target.closest('g.node');
      if (g && g.dataset.i !== undefined && (ev.key === 'Enter' || ev.key === ' ')) {
        ev.preventDefault();
        fromDiagram = true;
        go('s/' + S[+g.dataset.i].id);
      }
    });
    $('.diagram-box').addEventListener('keydown', (ev) => {
      if (ev.target.closest('input, select, textarea')) return;
      const step = 60, keys = {
        '+': () => panZoom.zoomIn(), '=': () => panZoom.zoomIn(), '-': () => panZoom.zoomOut(),
        '0': () => { panZoom.resize(); panZoom.fit(); panZoom.center(); },
        ArrowLeft: () => panZoom.panBy({x: step, y: 0}), ArrowRight: () => panZoom.panBy({x: -step, y: 0}),
        ArrowUp: () => panZoom.panBy({x: 0, y: step}), ArrowDown: () => panZoom.panBy({x: 0, y: -step}),
      };
      if (keys[ev.key]) { ev.preventDefault(); keys[ev.key](); }
    });
    for (const b of $$('.zoom button')) {
      b.addEventListener('click', () => {
        if (b.dataset.zoom === 'in') panZoom.zoomIn();
        else if (b.dataset.zoom === 'out') panZoom.zoomOut();
        else { panZoom.resize(); panZoom.fit(); panZoom.center(); }
      });
    }
    window.addEventListener('resize', () => panZoom.resize());
    // Print the whole diagram: its own viewBox, and no pan or zoom (the
    // print style sheet undoes the viewport's transform).
    const printing = (on) => { if (on) svg.setAttribute('viewBox', viewBox); else svg.removeAttribute('viewBox'); };
    window.addEventListener('beforeprint', () => printing(true));
    window.addEventListener('afterprint', () => printing(false));
    window.matchMedia('print').addEventListener('change', (m) => printing(m.matches));
  }

  // showNodes pans (and zooms, when they are drawn small) so that the
  // given services are in the middle of the diagram.
  function showNodes(list) {
    const gs = list.map((i) => nodeEl[i]).filter(Boolean);
    if (!panZoom || gs.length === 0) return;
    const box = svg.getBoundingClientRect();
    const bounds = () => {
      const rs = gs.map((g) => g.getBoundingClientRect());
      const x0 = Math.min(...rs.map((r) => r.left)), x1 = Math.max(...rs.map((r) => r.right));
      const y0 = Math.min(...rs.map((r) => r.top)), y1 = Math.max(...rs.map((r) => r.bottom));
      const h = Math.max(...rs.map((r) => r.height));
      return {x0, x1, y0, y1, h};
    };
    let b = bounds();
    // Legible (a node at least 26 px tall) and all in view, whichever is smaller.
    let f = 26 / b.h;
    f = Math.min(f, 0.8 * box.width / (b.x1 - b.x0), 0.8 * box.height / (b.y1 - b.y0));
    if (f > 1 || (b.x1 - b.x0) > box.width || (b.y1 - b.y0) > box.height) {
      panZoom.zoomAtPoint(panZoom.getZoom() * f, {x: (b.x0 + b.x1) / 2 - box.left, y: (b.y0 + b.y1) / 2 - box.top});
      b = bounds();
    }
    panZoom.panBy({x: box.left + box.width / 2 - (b.x0 + b.x1) / 2, y: box.top + box.height / 2 - (b.y0 + b.y1) / 2});
  }

  const marks = ['st-failed', 'st-out', 'st-deg', 'st-subject', 'on-path', 'lit-out', 'lit-deg'];
  function clearMarks() {
    if (!svg) return;
    svg.classList.remove('dim');
    for (const m of marks) for (const e of $$('.' + m, svg)) e.classList.remove(m);
  }

  // lightEdges gives the drawn edges of links (keys "child,parent": child
  // needs parent) their class (the links' values); a dependent's edge to
  // a junction is lit with its group's member edges.
  function lightEdges(links) {
    const lit = new Map();
    for (const e of edges) {
      if (e.toJunction) continue;
      const c = links.get(e.from + ',' + e.to);
      if (c) { e.el.classList.add(c); if (e.fromJunction) lit.set(e.fromJunction, c); }
    }
    for (const e of edges) {
      if (e.toJunction && lit.has(e.toJunction)) e.el.classList.add(lit.get(e.toJunction));
    }
  }

  // ---- Failures: decoded on first use (see pageFailure in htmlpage.go). ----
  // varints reads unsigned LEB128 numbers from base64.
  function varints(b64) {
    const bin = atob(b64);
    const out = [];
    let x = 0, scale = 1;
    for (let k = 0; k < bin.length; k++) {
      const c = bin.charCodeAt(k);
      x += (c & 127) * scale;
      if (c < 128) { out.push(x); x = 0; scale = 1; } else scale *= 128;
    }
    return out;
  }
  function failure(i) {
    const f = data.failures[i];
    if (!f || f.out) return f;
    const r = varints(f.r);
    let k = 0;
    const set = () => { const s = new Set(); let v = 0; for (let n = r[k++]; n > 0; n--) s.add(v += r[k++]); return s; };
    f.out = set();
    f.deg = set();
    if (f.c === undefined) return f;
    // The causal tree: parent and service of every node.
    const c = varints(f.c);
    const nodes = c[0], parent = new Int32Array(nodes), svc = new Int32Array(nodes);
    k = 1;
    for (let n = 0; n < nodes; n++) {
      const back = c[k++];
      parent[n] = back ? n - back : -1;
      svc[n] = c[k++];
    }
    f.rows = [];
    for (; k < c.length; k += 3) {
      const path = [];
      for (let n = c[k] >> 1; n >= 0; n = parent[n]) path.push(svc[n]);
      path.reverse();
      f.rows.push({svc: path[path.length - 1], state: c[k] & 1 ? 'outage' : 'degraded',
        time: STR[c[k + 1]], mech: STR[c[k + 2]], path});
    }
    // links: child -> parent along every causal path, with the child's worst state.
    f.links = new Map();
    for (let n = 0; n < nodes; n++) {
      if (parent[n] >= 0) f.links.set(svc[n] + ',' + svc[parent[n]], f.out.has(svc[n]) ? 'lit-out' : 'lit-deg');
    }
    return f;
  }

  // ---- Selection ----
  let fromDiagram = false;
  const panel = $('#panel');
  const emptyPanel = panel.innerHTML;
  const findingEls = $$('li.finding');

  // go shows a state at once and records it in the hash; hashchange
  // (the back button, a typed URL) shows the others.
  let routed = null;
  function go(h) {
    if (location.hash.slice(1) !== h) location.hash = h;
    route();
  }

  function route() {
    routed = location.hash;
    document.body.dataset.route = routed;
    const h = decodeURIComponent(location.hash.slice(1));
    const m = /^(s|fail)\/(.+)$/.exec(h);
    const f = /^finding\/(\d+)$/.exec(h);
    for (const e of $$('.current')) e.classList.remove('current');
    if (m && byId.has(m[2])) selectService(byId.get(m[2]), m[1] === 'fail');
    else if (f && $('#finding-' + f[1])) selectFinding(+f[1]);
    else clearSelection();
    fromDiagram = false;
  }

  function clearSelection() {
    clearMarks();
    panel.innerHTML = emptyPanel;
    delete document.body.dataset.selected;
    delete document.body.dataset.mode;
  }

  function bringDiagramIntoView() {
    const box = $('#diagram-section');
    const r = box.getBoundingClientRect();
    if (r.bottom < 80 || r.top > window.innerHeight * 0.5) box.scrollIntoView({block: 'start'});
  }

  function selectService(i, fail) {
    clearMarks();
    const c = failure(i);
    if (svg) {
      svg.classList.add('dim');
      if (nodeEl[i]) nodeEl[i].classList.add('st-failed');
      if (c) {
        for (const v of c.out) if (nodeEl[v]) nodeEl[v].classList.add('st-out');
        for (const v of c.deg) if (nodeEl[v]) nodeEl[v].classList.add('st-deg');
        if (c.links) lightEdges(c.links); // the paths of its timeline
      }
    }
    document.body.dataset.selected = S[i].id;
    document.body.dataset.mode = fail && c && c.rows ? 'fail' : 'select';
    if (panZoom) panZoom.resize(); // the panel is wider for a timeline
    const row = $('table.radius tr[data-id="' + S[i].id + '"]');
    if (row) row.classList.add('current');
    renderService(i, c, fail);
    if (!fromDiagram) {
      bringDiagramIntoView();
      showNodes(c ? [i, ...c.out, ...c.deg] : [i]); // the service and its blast radius
    }
  }

  // list shows services as links; total is the whole count when the page
  // holds only the first of them.
  function list(title, items, cls, total) {
    total = total === undefined ? items.length : total;
    if (total === 0) return el('div', {class: cls}, el('h3', {}, title + ' (0)'), el('p', {class: 'meta'}, 'none'));
    return el('div', {class: cls}, el('h3', {}, title + ' (' + total.toLocaleString('en-US') + ')'),
      el('ul', {class: 'inline'}, items.map((v) => el('li', {}, svcLink(v))),
        total > items.length ? el('li', {class: 'meta'}, 'and ' + (total - items.length).toLocaleString('en-US') + ' more') : null));
  }
  const byID = (a, b) => (S[a].id < S[b].id ? -1 : 1);

  function renderService(i, c, fail) {
    const s = S[i];
    const kids = [
      el('h2', {}, s.title),
      el('p', {class: 'meta'}, el('code', {}, s.id), ' · ', s.role, ' · ', s.crit,
        s.loc ? [' · ', el('a', {href: s.href, class: 'loc'}, s.loc)] : null),
      el('p', {class: 'radius-line'}, 'When it fails: ', el('strong', {class: 'out', id: 'radius-out'}, String(s.out)), ' out, ',
        el('strong', {class: 'deg', id: 'radius-deg'}, String(s.deg)), ' degraded.'),
    ];
    if (!c || !c.rows) {
      kids.push(el('p', {class: 'note'}, c ? 'Its cascade timeline' : 'Its blast radius',
        ' is not on this page (see the note under the diagram). Run: ',
        el('code', {}, 'blast cascade ' + data.paths.join(' ') + ' --fail ' + s.id)));
    }
    kids.push(el('div', {class: 'actions'},
      fail ? el('button', {type: 'button', onclick: () => go('s/' + s.id)}, 'Back to its blast radius')
        : el('button', {type: 'button', class: 'primary', id: 'fail', disabled: !(c && c.rows), onclick: () => go('fail/' + s.id)}, 'Fail this service'),
      el('button', {type: 'button', onclick: () => go('')}, 'Clear (Esc)')));
    if (fail && c && c.rows) {
      kids.push(timeline(i, c));
    } else {
      const cut = s.cut || [];
      if (s.lists) kids.push(list('Single points of failure', s.spofs.slice().sort(byID), 'spofs', cut[0]));
      if (c) {
        kids.push(list('Takes out', Array.from(c.out).sort(byID), 'takes-out'));
        kids.push(list('Degrades', Array.from(c.deg).sort(byID), 'degrades'));
      }
      if (s.lists) {
        kids.push(list('Needed directly by', s.neededBy, 'needed-by', cut[2]));
        kids.push(list('Depends on', s.needs, 'needs', cut[1]));
      }
      const fs = findingEls.filter((li) => li.dataset.subjects.split(' ').includes(s.id));
      kids.push(el('div', {class: 'about'}, el('h3', {}, 'Findings about it (' + fs.length + ')'),
        fs.length ? el('ul', {}, fs.map((li) => el('li', {},
          el('a', {href: '#' + li.id.replace('-', '/')}, li.dataset.rule), ': ', $('.msg', li).textContent))) : el('p', {class: 'meta'}, 'none')));
    }
    panel.replaceChildren(...kids);
  }

  // timeline is the cascade as `blast cascade` prints it; a row's path
  // lights up in the diagram while it is hovered or focused, and Enter on
  // a row brings its path into view.
  const timelineFirst = 300; // rows drawn at once; the rest on demand
  function timeline(i, c) {
    const body = el('tbody', {});
    const more = el('p', {class: 'more'});
    const draw = (from, to) => body.append(...c.rows.slice(from, to).map((r, k) => el('tr', {tabindex: '0', 'data-svc': S[r.svc].id, 'data-row': from + k},
      el('td', {class: 'time mono'}, r.time), el('td', {class: 'svc'}, S[r.svc].id),
      el('td', {class: 'state state-' + r.state}, r.state), el('td', {class: 'mech'}, r.mech),
      el('td', {class: 'path'}, pathText(r.path)))));
    draw(0, timelineFirst);
    if (c.rows.length > timelineFirst) {
      more.append(el('button', {type: 'button', onclick: () => { draw(timelineFirst, c.rows.length); more.remove(); }},
        'Show all ' + c.rows.length.toLocaleString('en-US') + ' rows'));
    }
    const rowOf = (ev) => { const tr = ev.target.closest('tr[data-row]'); return tr && c.rows[+tr.dataset.row]; };
    const on = (ev) => { const r = rowOf(ev); if (r) markPath(r.path, true); };
    const off = (ev) => { const r = rowOf(ev); if (r) markPath(r.path, false); };
    body.addEventListener('mouseover', on);
    body.addEventListener('focusin', on);
    body.addEventListener('mouseout', off);
    body.addEventListener('focusout', off);
    body.addEventListener('keydown', (ev) => { const r = rowOf(ev); if (r && ev.key === 'Enter') showNodes(r.path); });
    return el('div', {class: 'cascade'},
      el('h3', {}, 'Cascade when ' + S[i].id + ' fails at t=0'),
      el('table', {class: 'timeline'},
        el('thead', {}, el('tr', {}, ['TIME', 'SERVICE', 'STATE', 'MECHANISM', 'PATH'].map((h) => el('th', {scope: 'col'}, h)))),
        body),
      more,
      (c.still || []).map((k) => el('p', {class: 'still'}, STR[k])),
      el('p', {class: 'cascade-summary'}, STR[c.sum]));
  }

  // pathText writes a path as blast does, "a -> b", never broken inside an arrow.
  function pathText(path) {
    return path.flatMap((v, k) => (k ? [' ', el('span', {class: 'arrow'}, '->'), ' ', S[v].id] : [S[v].id]));
  }

  // markPath lights one causal path (the row hovered or focused last).
  let lit = null;
  function markPath(path, on) {
    if (!svg || (!on && lit !== path)) return;
    for (const e of $$('.on-path', svg)) e.classList.remove('on-path');
    lit = on ? path : null;
    if (!on) return;
    for (const v of path) if (nodeEl[v]) nodeEl[v].classList.add('on-path');
    const links = new Set();
    for (let k = 1; k < path.length; k++) links.add(path[k] + ',' + path[k - 1]);
    for (const e of edges) {
      if (links.has(e.from + ',' + e.to) && !e.toJunction) e.el.classList.add('on-path');
    }
  }

  function selectFinding(n) {
    clearMarks();
    const li = $('#finding-' + n);
    li.classList.add('current');
    document.body.dataset.mode = 'finding';
    if (panZoom) panZoom.resize();
    const subjects = li.dataset.subjects.split(' ').filter((id) => byId.has(id)).map((id) => byId.get(id));
    const path = li.dataset.path.split(' ').filter((id) => byId.has(id)).map((id) => byId.get(id));
    if (svg) {
      svg.classList.add('dim');
      for (const v of subjects) if (nodeEl[v]) nodeEl[v].classList.add('st-subject');
      // A finding's path runs from dependent to dependency.
      const links = new Map();
      for (let k = 1; k < path.length; k++) links.set(path[k - 1] + ',' + path[k], 'on-path');
      for (const v of path) if (nodeEl[v]) nodeEl[v].classList.add('on-path');
      lightEdges(links);
    }
    panel.replaceChildren(
      el('h2', {}, li.dataset.rule),
      el('p', {class: 'meta'}, $('.sev', li).textContent, ' · ', $('.loc', li).cloneNode(true)),
      el('p', {}, $('.msg', li).textContent),
      list('Services', subjects, 'subjects'),
      el('div', {class: 'actions'},
        el('a', {href: '#' + li.id}, 'Back to the finding'),
        el('button', {type: 'button', onclick: () => go('')}, 'Clear (Esc)')));
    bringDiagramIntoView();
    showNodes(subjects);
  }

  window.addEventListener('hashchange', () => { if (location.hash !== routed) route(); });
  // The page's own links to a state go through go(), so they show at once.
  document.addEventListener('click', (ev) => {
    const a = ev.target.closest && ev.target.closest('a[href^="#"]');
    if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    const h = a.getAttribute('href').slice(1);
    if (!/^(s|fail|finding)\//.test(h)) return;
    ev.preventDefault();
    go(h);
  });
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && !ev.defaultPrevented && location.hash.length > 1) go('');
  });

  // ---- Search: a combobox over IDs and titles. ----
  const input = $('#search');
  const results = $('#search-results');
  let matches = [];
  let active = -1;
  function find(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    const scored = [];
    S.forEach((s, i) => {
      const id = s.id.toLowerCase(), t = s.title.toLowerCase();
      const r = id === q ? 0 : t === q ? 1 : id.startsWith(q) ? 2 : t.startsWith(q) ? 3 : id.includes(q) ? 4 : t.includes(q) ? 5 : -1;
      if (r >= 0) scored.push([r, s.id, i]);
    });
    scored.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
    return scored.slice(0, 12).map((x) => x[2]);
  }
  function showResults() {
    results.replaceChildren(...matches.map((i, k) => el('li', {role: 'option', id: 'match-' + k, 'aria-selected': String(k === active),
      onmousedown: (ev) => { ev.preventDefault(); pick(i); }}, el('strong', {}, S[i].id), el('span', {class: 'title'}, S[i].title))));
    if (input.value.trim() && matches.length === 0) results.replaceChildren(el('li', {class: 'meta'}, 'no service matches'));
    results.hidden = !input.value.trim();
    input.setAttribute('aria-expanded', String(!results.hidden));
    if (active >= 0) input.setAttribute('aria-activedescendant', 'match-' + active);
    else input.removeAttribute('aria-activedescendant');
  }
  function pick(i) {
    results.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.value = S[i].id;
    go('s/' + S[i].id);
  }
  input.addEventListener('input', () => { matches = find(input.value); active = matches.length ? 0 : -1; showResults(); });
  input.addEventListener('blur', () => { results.hidden = true; input.setAttribute('aria-expanded', 'false'); });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      if (!matches.length) return;
      active = (active + (ev.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length;
      showResults();
    } else if (ev.key === 'Enter') {
      ev.preventDefault();
      if (matches.length) pick(matches[Math.max(active, 0)]);
    } else if (ev.key === 'Escape' && !results.hidden) {
      ev.preventDefault();
      results.hidden = true;
      input.setAttribute('aria-expanded', 'false');
    }
  });

  // ---- Findings: filter by severity and rule. ----
  const sevBoxes = $$('input[name="sev"]');
  const ruleFilter = $('#rule-filter');
  function filterFindings() {
    const sevs = new Set(sevBoxes.filter((b) => b.checked).map((b) => b.value));
    const rule = ruleFilter.value;
    let shown = 0;
    for (const li of findingEls) {
      const on = sevs.has(li.dataset.sev) && (!rule || li.dataset.rule === rule);
      li.hidden = !on;
      if (on) shown++;
    }
    $('#findings-count').textContent = shown + ' of ' + findingEls.length + ' shown';
  }
  if (ruleFilter) {
    ruleFilter.addEventListener('change', filterFindings);
    for (const b of sevBoxes) b.addEventListener('change', filterFindings);
  }

  // ---- Sortable tables. ----
  for (const table of $$('table.sortable')) {
    const ths = $$('thead th', table);
    const body = $('tbody', table);
    ths.forEach((th, col) => {
      const b = $('button', th);
      b.addEventListener('click', () => {
        const num = b.dataset.sort === 'num';
        const dir = th.getAttribute('aria-sort') === 'descending' ? 'ascending'
          : th.getAttribute('aria-sort') === 'ascending' ? 'descending' : (num ? 'descending' : 'ascending');
        for (const o of ths) o.setAttribute('aria-sort', 'none');
        th.setAttribute('aria-sort', dir);
        const sign = dir === 'ascending' ? 1 : -1;
        const key = (tr) => tr.children[col].dataset.v ?? tr.children[col].textContent;
        const rows = Array.from(body.rows);
        rows.sort((x, y) => {
          const a = key(x), b2 = key(y);
          const d = num ? (+a) - (+b2) : a.localeCompare(b2);
          return sign * d || (x.dataset.id < y.dataset.id ? -1 : 1);
        });
        body.append(...rows);
      });
    });
  }

  route();
  document.documentElement.dataset.ready = 'true';
  if (window.performance && performance.mark) performance.mark('blast-ready');
})();

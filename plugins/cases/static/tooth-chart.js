// The teeth step's picture of both arches. Each tooth is a button that opens a menu of
// the same states as its <select>; the selects stay the form's fields (hidden once the
// picture is built), so the form posts exactly as it does without this script. The texts
// come from the page ([data-tooth-chart]'s data-* attributes, rendered from the catalog).
// The picture keeps the dentist's view, the patient's right on the viewer's left, in every
// language: it is not mirrored on right-to-left pages.
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';

  // Universal numbers 1..32, as FDI codes: upper right third molar round to the upper
  // left, then lower left third molar round to the lower right (as ToothChart.cpp).
  var UNIVERSAL = [18, 17, 16, 15, 14, 13, 12, 11, 21, 22, 23, 24, 25, 26, 27, 28,
    38, 37, 36, 35, 34, 33, 32, 31, 41, 42, 43, 44, 45, 46, 47, 48];

  // A symbol per state, on the tooth and in the key: the picture never tells states
  // apart by colour alone. The state's name is in each tooth's accessible name.
  var SYMBOLS = {
    missing: '\u2715', // ✕
    planned_extraction: '\u2298', // ⊘
    inlay_onlay_filling: '\u25D0', // ◐
    crown: '\u265B', // ♛
    bridge: '\u2550', // ═
    implant: '\u22A5', // ⊥
    retained_deciduous: '\u25C7', // ◇
    do_not_move: '\u2693' // ⚓
  };

  // Average crown sizes in mm, central incisor (index 0) to third molar (index 7):
  // width along the arch and depth across it, so molars are drawn larger than incisors.
  var SIZES = {
    upper: { width: [8.5, 6.5, 7.5, 7, 6.5, 10, 9, 8.5], depth: [7, 6.5, 8, 9, 9, 11, 11, 10] },
    lower: { width: [5.5, 6, 7, 7, 7, 11, 10.5, 10], depth: [6, 6.5, 7.5, 7.5, 8, 10.5, 10, 9.5] }
  };

  // The picture's frame (SVG user units): each arch a parabola, incisors at the middle.
  var WIDTH = 600;
  var HEIGHT = 580;
  var CX = WIDTH / 2;
  var HALF_WIDTH = 185; // from the midline to the back of the arch
  var DEPTH = 190; // from the incisors to the back of the arch
  var GAP = 3; // between neighbouring teeth
  var DEPTH_SCALE = 1.3; // crowns drawn a little deeper than true, for room for the symbol
  var ARCHES = {
    // front: y of the incisors; sign: the direction from the incisors to the molars.
    upper: { front: 52, sign: 1, quadrants: [1, 2] },
    lower: { front: HEIGHT - 52, sign: -1, quadrants: [4, 3] }
  };

  var uid = 0;

  function svg(name, attributes, parent) {
    var element = document.createElementNS(SVG, name);
    for (var key in attributes) element.setAttribute(key, attributes[key]);
    if (parent) parent.appendChild(element);
    return element;
  }

  function html(name, attributes, parent) {
    var element = document.createElement(name);
    for (var key in attributes) element.setAttribute(key, attributes[key]);
    if (parent) parent.appendChild(element);
    return element;
  }

  function fill(pattern, values) {
    return pattern.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  function round(n) {
    return Math.round(n * 10) / 10;
  }

  // Points along one side of an arch by distance from the midline: the parabola is sampled
  // once and looked up by arc length. side is -1 (viewer's left) or 1 (viewer's right).
  function archPath(arch) {
    var steps = 400;
    var lengths = [0];
    var point = function (s) { return [s, arch.sign * DEPTH * (s / HALF_WIDTH) * (s / HALF_WIDTH)]; };
    var previous = point(0);
    for (var i = 1; i <= steps; i++) {
      var p = point(HALF_WIDTH * i / steps);
      lengths.push(lengths[i - 1] + Math.sqrt(Math.pow(p[0] - previous[0], 2) + Math.pow(p[1] - previous[1], 2)));
      previous = p;
    }
    return {
      length: lengths[steps],
      at: function (distance, side) {
        var i = 1;
        while (i < steps && lengths[i] < distance) i++;
        var part = (distance - lengths[i - 1]) / (lengths[i] - lengths[i - 1]);
        var s = HALF_WIDTH * (i - 1 + Math.min(1, Math.max(0, part))) / steps;
        var slope = arch.sign * 2 * DEPTH * s / (HALF_WIDTH * HALF_WIDTH);
        var norm = Math.sqrt(1 + slope * slope);
        // The normal pointing out of the arch (away from the tongue).
        var nx = arch.sign * side * slope / norm;
        var ny = -arch.sign / norm;
        return {
          x: CX + side * s,
          y: arch.front + arch.sign * DEPTH * (s / HALF_WIDTH) * (s / HALF_WIDTH),
          angle: Math.atan(side * slope) * 180 / Math.PI,
          nx: nx,
          ny: ny
        };
      }
    };
  }

  function enhance(mount) {
    if (mount.hasAttribute('data-tooth-chart-ready')) return;
    var form = mount.closest('form');
    var selectsBox = form && form.querySelector('[data-tooth-selects]');
    var numbering = form && form.querySelector('select[name="numbering"]');
    if (!selectsBox) return;
    var selects = {};
    var found = selectsBox.querySelectorAll('select[data-fdi]');
    if (found.length === 0) return;
    for (var i = 0; i < found.length; i++) selects[found[i].getAttribute('data-fdi')] = found[i];
    mount.setAttribute('data-tooth-chart-ready', '');
    var texts = mount.dataset;
    var id = 'tooth-chart-' + (++uid);
    var states = Array.prototype.map.call(found[0].options, function (option) {
      return { value: option.value, label: option.textContent.trim() };
    });
    var teeth = {}; // FDI code -> { fdi, g, number, symbol, ... }
    var rows = { upper: [], lower: [] }; // FDI codes from the viewer's left to right
    var open = null; // the tooth whose menu is open

    function universal() {
      return numbering && numbering.value === 'universal';
    }

    function label(fdi) {
      return universal() ? String(UNIVERSAL.indexOf(Number(fdi)) + 1) : String(fdi);
    }

    function stateLabel(value) {
      for (var i = 0; i < states.length; i++) if (states[i].value === value) return states[i].label;
      return value;
    }

    function toothName(fdi) {
      return fill(texts.tooth || 'Tooth {number}', {
        number: label(fdi),
        side: texts['side-' + String(fdi).charAt(0)] || '',
        type: texts['type-' + String(fdi).charAt(1)] || ''
      }).replace(/\s+/g, ' ').trim();
    }

    // --- the picture ---------------------------------------------------------------------

    var hint = html('p', { 'class': 'hint', id: id + '-hint' }, mount);
    hint.textContent = texts.hint || '';
    var frame = html('div', { 'class': 'tooth-chart-frame' }, mount);
    // The picture keeps a size where every tooth is a 24 px target; narrower screens
    // scroll it sideways inside this box rather than shrink the teeth.
    var scroller = html('div', { 'class': 'tooth-chart-scroll' }, frame);
    var picture = svg('svg', {
      viewBox: '0 0 ' + WIDTH + ' ' + HEIGHT,
      role: 'group',
      'aria-label': texts.label || '',
      'aria-describedby': id + '-hint'
    }, scroller);
    var defs = svg('defs', {}, picture);
    var hatch = svg('pattern', {
      id: id + '-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)'
    }, defs);
    svg('rect', { 'class': 'hatch-ground', width: 6, height: 6 }, hatch);
    svg('line', { 'class': 'hatch-line', x1: 0, y1: 0, x2: 0, y2: 6 }, hatch);

    function sideText(key, x, anchor) {
      var t = svg('text', {
        'class': 'chart-side', x: x, y: HEIGHT / 2, 'text-anchor': anchor, 'aria-hidden': 'true'
      }, picture);
      t.textContent = texts[key] || '';
    }
    sideText('patientRight', 6, 'start');
    sideText('patientLeft', WIDTH - 6, 'end');

    ['upper', 'lower'].forEach(function (name) {
      var arch = ARCHES[name];
      var sizes = SIZES[name];
      var path = archPath(arch);
      var total = 0;
      for (var k = 0; k < 8; k++) total += sizes.width[k];
      var scale = (path.length - 8 * GAP) / total;
      var group = svg('g', { 'class': 'chart-arch', role: 'group', 'aria-label': texts[name] || name }, picture);
      var title = svg('text', {
        'class': 'chart-arch-label', x: CX, y: arch.front + arch.sign * DEPTH * 0.55,
        'text-anchor': 'middle', 'aria-hidden': 'true'
      }, group);
      title.textContent = texts[name] || name;

      // The viewer's left half first (the patient's right), from the back to the midline.
      var placed = [];
      arch.quadrants.forEach(function (quadrant, half) {
        var side = half === 0 ? -1 : 1;
        var along = GAP / 2;
        for (var k = 0; k < 8; k++) {
          var width = sizes.width[k] * scale;
          var depth = sizes.depth[k] * scale * DEPTH_SCALE;
          var spot = path.at(along + width / 2, side);
          along += width + GAP;
          placed.push({ fdi: String(quadrant * 10 + k + 1), spot: spot, width: width, depth: depth, side: side, k: k });
        }
      });
      placed.sort(function (a, b) { return a.spot.x - b.spot.x; });
      placed.forEach(function (p) {
        var select = selects[p.fdi];
        if (!select) return;
        rows[name].push(p.fdi);
        teeth[p.fdi] = drawTooth(group, p, select, name);
      });
    });

    function drawTooth(group, p, select, archName) {
      var g = svg('g', {
        'class': 'chart-tooth',
        role: 'button',
        tabindex: '-1',
        'aria-haspopup': 'menu',
        'aria-expanded': 'false',
        'data-fdi': p.fdi
      }, group);
      var place = 'translate(' + round(p.spot.x) + ' ' + round(p.spot.y) + ')';
      var turn = ' rotate(' + round(p.spot.angle) + ')';
      var w = p.width;
      var d = p.depth;
      var corner = Math.min(w, d) * (p.k >= 5 ? 0.3 : 0.42);
      svg('rect', {
        'class': 'focus-ring', x: round(-w / 2 - 4), y: round(-d / 2 - 4), width: round(w + 8), height: round(d + 8),
        rx: round(corner + 3), transform: place + turn
      }, g);
      svg('rect', {
        'class': 'tooth-shape', x: round(-w / 2), y: round(-d / 2), width: round(w), height: round(d),
        rx: round(corner), transform: place + turn
      }, g);
      svg('circle', { 'class': 'tooth-badge', r: 8.5, transform: place }, g);
      // The tooth's name says its number and state: its marks are for the eye only.
      var symbol = svg('text', {
        'class': 'tooth-symbol', 'text-anchor': 'middle', dy: '0.35em', transform: place, 'aria-hidden': 'true'
      }, g);
      var out = d / 2 + 12;
      var number = svg('text', {
        'class': 'tooth-number', 'text-anchor': 'middle', dy: '0.35em', 'aria-hidden': 'true',
        x: round(p.spot.x + p.spot.nx * out), y: round(p.spot.y + p.spot.ny * out)
      }, g);
      var tooth = { fdi: p.fdi, g: g, select: select, symbol: symbol, number: number, arch: archName };
      g.addEventListener('click', function (event) {
        event.stopPropagation();
        if (open === tooth) closeMenu(true);
        else openMenu(tooth);
      });
      g.addEventListener('keydown', function (event) { onToothKey(event, tooth); });
      g.addEventListener('keyup', function (event) {
        if (event.key === ' ') openMenu(tooth);
      });
      g.addEventListener('focus', function () { setRoving(tooth); });
      select.addEventListener('change', function () { paint(tooth); });
      paint(tooth);
      return tooth;
    }

    // Shows a tooth's state (fill, symbol and name) and number as its select and the
    // numbering say.
    function paint(tooth) {
      var state = tooth.select.value || 'none';
      tooth.g.setAttribute('data-state', state);
      tooth.symbol.textContent = SYMBOLS[state] || '';
      tooth.number.textContent = label(tooth.fdi);
      tooth.g.setAttribute('aria-label', fill(texts.toothState || '{tooth}: {state}', {
        tooth: toothName(tooth.fdi),
        state: stateLabel(state)
      }));
      // The hatch's id is this chart's own, so the stylesheet cannot name it.
      tooth.g.querySelector('.tooth-shape').style.fill =
        state === 'planned_extraction' ? 'url(#' + id + '-hatch)' : '';
    }

    // --- the key -------------------------------------------------------------------------

    var legend = html('div', { 'class': 'tooth-legend' }, mount);
    var legendTitle = html('p', { id: id + '-key' }, legend);
    legendTitle.textContent = texts.key || '';
    var legendList = html('ul', { 'aria-labelledby': id + '-key' }, legend);
    states.forEach(function (state) {
      if (!SYMBOLS[state.value]) return;
      var item = html('li', { 'data-state': state.value }, legendList);
      var mark = html('span', { 'class': 'legend-symbol', 'aria-hidden': 'true' }, item);
      mark.textContent = SYMBOLS[state.value];
      item.appendChild(document.createTextNode(' ' + state.label));
    });

    // --- the menu of states --------------------------------------------------------------

    var menu = html('div', { 'class': 'tooth-menu', role: 'menu', id: id + '-menu', hidden: '' }, frame);
    var menuTitle = html('p', { 'class': 'tooth-menu-title', 'aria-hidden': 'true' }, menu);
    var items = states.map(function (state) {
      var item = html('button', {
        type: 'button', role: 'menuitemradio', tabindex: '-1', 'aria-checked': 'false', 'data-value': state.value
      }, menu);
      var mark = html('span', { 'class': 'legend-symbol', 'aria-hidden': 'true' }, item);
      mark.textContent = SYMBOLS[state.value] || '';
      item.appendChild(document.createTextNode(state.label));
      item.addEventListener('click', function (event) {
        event.stopPropagation();
        choose(state.value);
      });
      return item;
    });

    function openMenu(tooth) {
      if (open) closeMenu(false);
      open = tooth;
      setRoving(tooth);
      var name = toothName(tooth.fdi);
      menu.setAttribute('aria-label', name);
      menuTitle.textContent = name;
      var current = tooth.select.value || 'none';
      var checked = items[0];
      items.forEach(function (item) {
        var on = item.getAttribute('data-value') === current;
        item.setAttribute('aria-checked', on ? 'true' : 'false');
        if (on) checked = item;
      });
      tooth.g.setAttribute('aria-expanded', 'true');
      tooth.g.setAttribute('aria-controls', menu.id);
      menu.hidden = false;
      place(tooth);
      checked.focus();
    }

    // Beside the tooth: below it on the upper arch, above it on the lower one, inside the
    // frame's width. Positions go through the CSSOM, which the site's CSP allows.
    function place(tooth) {
      var box = tooth.g.getBoundingClientRect();
      var outer = frame.getBoundingClientRect();
      var width = menu.offsetWidth;
      var height = menu.offsetHeight;
      var left = box.left - outer.left + box.width / 2 - width / 2;
      left = Math.max(0, Math.min(left, frame.clientWidth - width));
      var top = tooth.arch === 'upper' ? box.bottom - outer.top + 6 : box.top - outer.top - height - 6;
      menu.style.left = Math.round(left) + 'px';
      menu.style.top = Math.round(top) + 'px';
      if (menu.scrollIntoView) menu.scrollIntoView({ block: 'nearest' });
    }

    function closeMenu(refocus) {
      if (!open) return;
      var tooth = open;
      open = null;
      menu.hidden = true;
      tooth.g.setAttribute('aria-expanded', 'false');
      tooth.g.removeAttribute('aria-controls');
      if (refocus) tooth.g.focus();
    }

    function choose(value) {
      if (!open) return;
      var tooth = open;
      if (tooth.select.value !== value) {
        tooth.select.value = value;
        // The select's own listeners (and the :has() marks of the grid) follow.
        tooth.select.dispatchEvent(new Event('change', { bubbles: true }));
      }
      paint(tooth);
      closeMenu(true);
    }

    menu.addEventListener('keydown', function (event) {
      var index = items.indexOf(document.activeElement);
      var next = -1;
      if (event.key === 'ArrowDown') next = (index + 1) % items.length;
      else if (event.key === 'ArrowUp') next = (index - 1 + items.length) % items.length;
      else if (event.key === 'Home') next = 0;
      else if (event.key === 'End') next = items.length - 1;
      else if (event.key === 'Escape' || event.key === 'Tab') {
        event.preventDefault();
        event.stopPropagation();
        closeMenu(true);
        return;
      }
      if (next >= 0) {
        event.preventDefault();
        items[next].focus();
      }
    });
    // A press anywhere else closes the menu and leaves focus where it went.
    document.addEventListener('pointerdown', function (event) {
      if (open && !menu.contains(event.target) && !open.g.contains(event.target)) closeMenu(false);
    });
    menu.addEventListener('focusout', function (event) {
      if (open && event.relatedTarget && !menu.contains(event.relatedTarget) &&
          event.relatedTarget !== open.g) {
        closeMenu(false);
      }
    });

    // --- keyboard on the picture: one tooth in the tab order, arrows move along the arch --

    function setRoving(tooth) {
      for (var fdi in teeth) teeth[fdi].g.setAttribute('tabindex', teeth[fdi] === tooth ? '0' : '-1');
    }

    function onToothKey(event, tooth) {
      var row = rows[tooth.arch];
      var at = row.indexOf(tooth.fdi);
      var target = null;
      switch (event.key) {
        case 'ArrowLeft': target = row[Math.max(0, at - 1)]; break;
        case 'ArrowRight': target = row[Math.min(row.length - 1, at + 1)]; break;
        case 'Home': target = row[0]; break;
        case 'End': target = row[row.length - 1]; break;
        case 'ArrowUp': if (tooth.arch === 'lower') target = rows.upper[Math.min(at, rows.upper.length - 1)]; else target = tooth.fdi; break;
        case 'ArrowDown': if (tooth.arch === 'upper') target = rows.lower[Math.min(at, rows.lower.length - 1)]; else target = tooth.fdi; break;
        case 'Enter':
          event.preventDefault();
          openMenu(tooth);
          return;
        case ' ':
          // Opened on the key's release (below): a button in the menu would take the
          // release of the same press as a choice.
          event.preventDefault();
          return;
        default:
          return;
      }
      event.preventDefault();
      if (target && teeth[target]) {
        setRoving(teeth[target]);
        teeth[target].g.focus();
      }
    }

    // The first tooth with work on it, or the first one, is the chart's tab stop.
    var first = null;
    rows.upper.concat(rows.lower).forEach(function (fdi) {
      if (!first && teeth[fdi].select.value && teeth[fdi].select.value !== 'none') first = teeth[fdi];
    });
    setRoving(first || teeth[rows.upper[0]] || teeth[rows.lower[0]]);

    // --- the numbering: switching it renames the teeth at once --------------------------

    function renumber() {
      // The hidden grid's labels keep the numbering the page came with; the form posts
      // the numbering chosen, and the server renders them in it next time.
      for (var fdi in teeth) paint(teeth[fdi]);
      if (open) {
        menu.setAttribute('aria-label', toothName(open.fdi));
        menuTitle.textContent = toothName(open.fdi);
      }
    }
    if (numbering) {
      numbering.addEventListener('change', renumber);
      var renumberButton = form.querySelector('[data-renumber]');
      if (renumberButton) renumberButton.hidden = true;
    }
    renumber();

    mount.hidden = false;
    selectsBox.hidden = true;
  }

  function start() {
    var mounts = document.querySelectorAll('[data-tooth-chart]');
    for (var i = 0; i < mounts.length; i++) enhance(mounts[i]);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();

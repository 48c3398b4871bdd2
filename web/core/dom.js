// dom.js - building the page without ever parsing HTML.
//
// Every element of the UI is made with h() (or s() for SVG). Text is always
// set as text, never as markup, so whatever a user wrote (a review, a store
// name, a display name) is shown as written and can never run as script.
// There is deliberately no helper that takes HTML.

// h('a', {href: '/x', class: 'btn', onclick: fn}, 'text', child, [more])
// Attributes: "class", "for", data-* and aria-* as written; on* functions
// become event listeners; a "style" object is applied through the CSSOM
// (the Content-Security-Policy forbids style attributes); false, null and
// undefined attributes are left out; true is an empty attribute.
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

// The same for SVG elements (charts, map sketches, icons).
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

function build(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'style' && typeof value === 'object') {
      Object.assign(el.style, value);
    } else if (name === 'value' && 'value' in el) {
      el.value = value;
    } else if (name === 'checked' || name === 'selected' || name === 'disabled') {
      el[name] = Boolean(value);
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

// Appends children: nodes, strings and numbers (as text), arrays (flattened);
// null, undefined and false are skipped so that `cond && h(...)` reads well.
export function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
  return el;
}

// Replaces everything inside el with children.
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

// A unique id for label/field pairs and aria-describedby links.
let lastId = 0;
export function uid(prefix) {
  lastId += 1;
  return `${prefix || 'id'}-${lastId}`;
}

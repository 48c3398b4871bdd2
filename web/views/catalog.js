// catalog.js - the shopper's catalog pages of src/catalog: home, search,
// product, store, retailer. (Being built: a placeholder home page for now.)

import {h} from '../core/dom.js';

export async function home() {
  return h('section', {class: 'page'}, h('h1', {}, 'Agora'));
}

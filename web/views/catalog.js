// catalog.js - the shopper's catalog pages of src/catalog: home, search,
// product, store, retailer.
//
// Each page lives in its own module under catalog/ and is loaded when first
// opened, so the home page (which must stay under 100 KB in all) carries
// only its own code.

export async function home(ctx) {
  return (await import('./catalog/home.js')).home(ctx);
}

export async function search(ctx) {
  return (await import('./catalog/search.js')).search(ctx);
}

export async function product(ctx) {
  return (await import('./catalog/product.js')).product(ctx);
}

export async function store(ctx) {
  return (await import('./catalog/store.js')).store(ctx);
}

export async function retailer(ctx) {
  return (await import('./catalog/retailer.js')).retailer(ctx);
}

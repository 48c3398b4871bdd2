// console.js - the retailer's console of src/catalog for staff (and admins,
// who pick the retailer): stores (/console, /console/stores/...), offers
// (/console/offers) and feed upload (/console/feeds). One file per page
// under console/; this module registers the strings and exports the pages
// the route table in app.js names.

import {addStrings} from '../core/i18n.js';
import strings from '../i18n/console.js';

addStrings(strings);

export {overview} from './console/overview.js';
export {storeNew, storeEdit} from './console/store.js';
export {offers} from './console/offers.js';
export {feeds} from './console/feeds.js';

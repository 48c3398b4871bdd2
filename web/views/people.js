// people.js - the shopper's own pages of src/people: profile (/me), friends
// (/me/friends) and follows (/me/follows). One file per page under people/;
// this module registers the strings and exports the page functions the
// route table in app.js names.

import {addStrings} from '../core/i18n.js';
import strings from '../i18n/people.js';

addStrings(strings);

export {profile} from './people/profile.js';
export {friends} from './people/friends.js';
export {follows} from './people/follows.js';

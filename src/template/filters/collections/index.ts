/* Native versions of collection filters real content uses most (Python plugins cannot run in Node). */
import type { FilterTable } from '../../registry.js';
import { COMMUNITY_GENERAL_FILTERS } from './community-general.js';
import { IP_FILTER_TABLE } from './ip-filters.js';

export const COLLECTION_FILTERS: FilterTable = { ...IP_FILTER_TABLE, ...COMMUNITY_GENERAL_FILTERS };

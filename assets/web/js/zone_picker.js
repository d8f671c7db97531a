// The time-zone select's options from GET /time-zones: Indonesia's zones first with their
// abbreviation ("Asia/Jakarta — WIB"), then one group per region in the page's language. Used
// by the settings page and the event form.

import {t} from './i18n.js';

function label(name) { return name.replaceAll('_', ' '); }

function regionName(region) {
  const key = `zones.region_${region}`;
  const text = t(key);
  return text === key ? region : text;
}

// [{group, options:[{value, label}]}...] for field({type:'select'}). `value` is kept as a first
// option when the list lacks it (a name set before the list dropped aliases); `first` (optional
// {value, label}) comes before everything, e.g. "the site's zone".
export function zoneOptions(list, value, first) {
  const names = (list && list.items) || [];
  const out = first ? [first] : [];
  if (value && !names.includes(value)) out.push({value, label: label(value)});
  const featured = (list && list.featured) || [];
  if (featured.length) {
    out.push({group: t('zones.region_Indonesia'), options: featured.map((z) => ({
      value: z.name, label: z.abbrev ? `${label(z.name)} — ${z.abbrev}` : label(z.name)}))});
  }
  for (const g of (list && list.groups) || []) {
    out.push({group: regionName(g.region), options: g.zones.map((z) => ({value: z, label: label(z)}))});
  }
  return out;
}

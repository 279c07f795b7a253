/*
 * Facet filters and their live counts. Values of one facet are alternatives (OR), facets
 * combine (AND), and each facet's values are counted under the other facets' filters, so
 * choosing a value never hides its siblings.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory(require('./codec.js'));
  else root.PraxisFacets = factory(root.PraxisCodec);
})(typeof self !== 'undefined' ? self : this, function (Codec) {
  'use strict';

  var EAGER_BYTES = 16000; // facet files a first query loads unasked, in manifest order

  // The facets to load: those filtered on, those asked for, and the small ones.
  function wanted(manifest, filters, requested) {
    var budget = EAGER_BYTES;
    return manifest.facets.filter(function (info) {
      var selected = filters[info.field] && filters[info.field].length;
      var eager = info.bytes <= budget;
      if (eager) budget -= info.bytes;
      return selected || eager || requested.indexOf(info.field) >= 0;
    });
  }

  // A facet-N.json file with its document sets decoded.
  function decode(file) {
    var values = file.values.map(function (v) {
      return { value: v.value, label: v.label, count: v.count, ids: Codec.decodeSet(v.docs) };
    });
    return { field: file.field, values: values, byValue: new Map(values.map(function (v) { return [v.value, v]; })) };
  }

  // The matches `ids` that pass every filter, and every facet with its values' counts.
  // `loaded`: field → decoded facet; values the index does not know are ignored.
  function apply(manifest, ids, filters, loaded) {
    var active = [];
    manifest.facets.forEach(function (info) {
      var facet = loaded.get(info.field);
      var chosen = (filters[info.field] || []).filter(function (v) { return facet && facet.byValue.has(v); });
      if (!chosen.length) return;
      var allowed = new Set();
      chosen.forEach(function (v) { facet.byValue.get(v).ids.forEach(function (id) { allowed.add(id); }); });
      active.push({ field: info.field, allowed: allowed });
    });
    // For each match: whether it passes every filter, or which one it fails when it fails exactly one.
    var kept = [], failsOnly = new Map();
    for (var id of ids) {
      var failed = 0, which = null;
      for (var a of active) if (!a.allowed.has(id)) { failed++; which = a.field; }
      if (failed === 0) kept.push(id); else if (failed === 1) failsOnly.set(id, which);
    }
    var passes = new Set(kept);
    var facets = manifest.facets.map(function (info) {
      var facet = loaded.get(info.field);
      var chosen = new Set(filters[info.field] || []);
      if (!facet) return { field: info.field, label: info.label, loaded: false, values: [] };
      var values = facet.values.map(function (v) {
        var count = 0;
        for (var id of v.ids) if (passes.has(id) || failsOnly.get(id) === info.field) count++;
        return { value: v.value, label: v.label, count: count, selected: chosen.has(v.value) };
      });
      return { field: info.field, label: info.label, loaded: true, values: values };
    });
    return { ids: kept, facets: facets };
  }

  return { wanted: wanted, decode: decode, apply: apply };
});

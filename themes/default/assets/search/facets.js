/*
 * Facet filters and their live counts. Values of one facet are alternatives (OR), facets
 * combine (AND), and each facet's values are counted under the other facets' filters, so
 * choosing a value never hides its siblings.
 *
 * A facet's values are split by slug into shards (facet-N-M). A facet is loaded whole when it
 * is small (its counts show with the first results) or when the reader opens it; otherwise
 * only the shards of the values filtered on, and then only those values are counted: the page
 * says the others are not loaded rather than showing them as empty.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory(require('./codec.js'));
  else root.PraxisFacets = factory(root.PraxisCodec);
})(typeof self !== 'undefined' ? self : this, function (Codec) {
  'use strict';

  var EAGER_BYTES = 8000; // facets a first query loads whole unasked, smallest first, in all

  // Fields loaded whole: those asked for, and the small ones while they fit in EAGER_BYTES.
  function whole(manifest, requested) {
    var fields = new Set(requested);
    var budget = EAGER_BYTES;
    manifest.facets.slice().sort(function (a, b) { return a.bytes - b.bytes; }).forEach(function (info) {
      if (info.bytes <= budget) { budget -= info.bytes; fields.add(info.field); }
    });
    return fields;
  }

  // The shard numbers of `info` to load: all of them, or those holding the `chosen` values.
  function shardsFor(info, chosen, all, shardOf) {
    if (all) return info.shards.map(function (_, i) { return i; });
    return Array.from(new Set(chosen.map(function (v) { return shardOf(v, info.shards); })));
  }

  // The values of one facet-N-M.json file, document sets decoded.
  function decode(shard) {
    return shard.values.map(function (v) {
      return { value: v.value, label: v.label, count: v.count, ids: Codec.decodeSet(v.docs) };
    });
  }

  // One facet from the decoded values of its loaded shards; `complete` when they are all of them.
  function facet(info, shards, complete) {
    var values = [].concat.apply([], shards);
    return {
      field: info.field, label: info.label, complete: complete, total: info.values, values: values,
      byValue: new Map(values.map(function (v) { return [v.value, v]; }))
    };
  }

  // The filters the index knows, and the values it does not (reported, then ignored). Fields
  // that are not facets (`utm_source`) are not filters at all. `loaded`: field → decoded facet
  // holding at least the shards of the chosen values.
  function resolve(manifest, filters, loaded) {
    var active = {}, unknown = [];
    manifest.facets.forEach(function (info) {
      var facet = loaded.get(info.field);
      (filters[info.field] || []).forEach(function (value) {
        if (facet && facet.byValue.has(value)) {
          if ((active[info.field] = active[info.field] || []).indexOf(value) < 0) active[info.field].push(value);
        } else {
          unknown.push({ field: info.field, label: info.label, value: value });
        }
      });
    });
    return { active: active, unknown: unknown };
  }

  // The matches `ids` that pass every active filter, and every facet with its values' counts.
  function apply(manifest, ids, active, loaded) {
    var filters = [];
    manifest.facets.forEach(function (info) {
      if (!active[info.field]) return;
      var allowed = new Set();
      active[info.field].forEach(function (v) { loaded.get(info.field).byValue.get(v).ids.forEach(function (id) { allowed.add(id); }); });
      filters.push({ field: info.field, allowed: allowed });
    });
    // For each match: whether it passes every filter, or which one it fails when it fails exactly one.
    var kept = [], failsOnly = new Map();
    for (var id of ids) {
      var failed = 0, which = null;
      for (var f of filters) if (!f.allowed.has(id)) { failed++; which = f.field; }
      if (failed === 0) kept.push(id); else if (failed === 1) failsOnly.set(id, which);
    }
    var passes = new Set(kept);
    var facets = manifest.facets.map(function (info) {
      var facet = loaded.get(info.field);
      var chosen = new Set(active[info.field] || []);
      var base = { field: info.field, label: info.label, total: info.values, loaded: !!(facet && facet.complete) };
      // A facet loaded only for its chosen values counts only those.
      var shown = !facet ? [] : facet.complete ? facet.values : facet.values.filter(function (v) { return chosen.has(v.value); });
      base.partial = !!facet && !facet.complete && shown.length > 0;
      base.values = shown.map(function (v) {
        var count = 0;
        for (var id of v.ids) if (passes.has(id) || failsOnly.get(id) === info.field) count++;
        return { value: v.value, label: v.label, count: count, selected: chosen.has(v.value) };
      });
      return base;
    });
    return { ids: kept, facets: facets };
  }

  return { whole: whole, shardsFor: shardsFor, decode: decode, facet: facet, resolve: resolve, apply: apply, EAGER_BYTES: EAGER_BYTES };
});

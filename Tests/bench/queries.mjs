// The typical first searches on gen-corpus.py content, shared by search-bytes.mjs (Praxis) and
// pagefind-bytes.mjs (Pagefind on Hugo's build of the same corpus): topics, places, a phrase, a
// filter, typos.
export const TYPICAL = [
  { q: 'cloud migration' }, { q: 'digital identity' }, { q: 'open data' }, { q: 'procurement reform' },
  { q: 'citizen feedback' }, { q: 'health records' }, { q: 'Estonia' }, { q: 'knowledge management' },
  { q: 'agile delivery' }, { q: 'study tours' }, { q: 'benchmarking' }, { q: 'waste collection' },
  { q: 'budget transparency' }, { q: 'mentoring programmes' }, { q: 'chatbots' }, { q: 'risk management' },
  { q: 'accessibility' }, { q: 'innovation labs' }, { q: '"shared services"' }, { q: 'performance measurement south africa' },
  { q: 'emergency response', filters: { sectors: ['health'] } }, { q: 'procurment' }, { q: 'water meter' }, { q: 'kwazulu natal' },
  { q: 'São Paulo' }, // not in the corpus: the typo fallback's word lists are loaded too
];

// The first searches that load the most, for the budget (issue 4: 150 KB at 10,000 documents)
// rather than for comparison: filters on the largest facets, several filters, filters alone,
// long queries, long phrases, a pasted paragraph, stop words being typed, typos anywhere in a word.
export const DEMANDING = [
  { q: 'emergency response', filters: { tags: ['open-data'] } },
  { q: 'cloud migration', filters: { tags: ['open-data', 'digital-identity'], regions: ['estonia'] } },
  { q: 'open data', filters: { sectors: ['health'], level: ['national'], kind: ['case-study'] } },
  { q: '', filters: { tags: ['open-data'] } },
  { q: '', filters: { regions: ['kwazulu-natal'], sectors: ['education'] } },
  { q: 'cloud migration digital identity open data procurement reform citizen feedback' },
  { q: 'health records waste collection budget transparency risk management agile delivery study tours' },
  { q: '"performance measurement in south africa health records"' },
  { q: '"knowledge management study tours open data"' },
  { q: 'Could reports his should such the as the of up of out by as in by or from the an or in? By they for ' +
    'up or of he said he the? Exchanges internal be housing is targets school the the measured? The and that ' +
    'roads seminar in of metrics man to the partners have may water way they and the to.' },
  { q: 'in' }, { q: 'cloud be' }, { q: 'the' },
  { q: 'xloud' }, { q: 'procurment reformm' }, { q: 'knowlegde managment' },
];

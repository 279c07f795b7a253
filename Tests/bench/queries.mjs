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

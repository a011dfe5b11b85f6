// The arXiv category taxonomy as data (code → name as arXiv shows it), and pure helpers to name,
// check and suggest categories. Source: https://arxiv.org/category_taxonomy and arXiv's own taxonomy definitions.

/** Archives that take new submissions today, with arXiv's names. `cs` in `cs.LG` is an archive. */
export const ARCHIVES: Readonly<Record<string, string>> = {
  'astro-ph': 'Astrophysics',
  'cond-mat': 'Condensed Matter',
  cs: 'Computer Science',
  econ: 'Economics',
  eess: 'Electrical Engineering and Systems Science',
  'gr-qc': 'General Relativity and Quantum Cosmology',
  'hep-ex': 'High Energy Physics - Experiment',
  'hep-lat': 'High Energy Physics - Lattice',
  'hep-ph': 'High Energy Physics - Phenomenology',
  'hep-th': 'High Energy Physics - Theory',
  math: 'Mathematics',
  'math-ph': 'Mathematical Physics',
  nlin: 'Nonlinear Sciences',
  'nucl-ex': 'Nuclear Experiment',
  'nucl-th': 'Nuclear Theory',
  physics: 'Physics',
  'q-bio': 'Quantitative Biology',
  'q-fin': 'Quantitative Finance',
  'quant-ph': 'Quantum Physics',
  stat: 'Statistics',
};

/**
 * Archives closed in the 1990s; each was subsumed by a current category, and old ids still carry them
 * (`alg-geom/9701001`). arXiv keeps them as categories of their own.
 */
export const LEGACY_ARCHIVES: Readonly<Record<string, { name: string; subsumedBy: string }>> = {
  'acc-phys': { name: 'Accelerator Physics', subsumedBy: 'physics.acc-ph' },
  'adap-org': { name: 'Adaptation, Noise, and Self-Organizing Systems', subsumedBy: 'nlin.AO' },
  'alg-geom': { name: 'Algebraic Geometry', subsumedBy: 'math.AG' },
  'ao-sci': { name: 'Atmospheric-Oceanic Sciences', subsumedBy: 'physics.ao-ph' },
  'atom-ph': { name: 'Atomic, Molecular and Optical Physics', subsumedBy: 'physics.atom-ph' },
  'bayes-an': { name: 'Bayesian Analysis', subsumedBy: 'physics.data-an' },
  'chao-dyn': { name: 'Chaotic Dynamics', subsumedBy: 'nlin.CD' },
  'chem-ph': { name: 'Chemical Physics', subsumedBy: 'physics.chem-ph' },
  'cmp-lg': { name: 'Computation and Language', subsumedBy: 'cs.CL' },
  'comp-gas': { name: 'Cellular Automata and Lattice Gases', subsumedBy: 'nlin.CG' },
  'dg-ga': { name: 'Differential Geometry', subsumedBy: 'math.DG' },
  'funct-an': { name: 'Functional Analysis', subsumedBy: 'math.FA' },
  'mtrl-th': { name: 'Materials Theory', subsumedBy: 'cond-mat.mtrl-sci' },
  'patt-sol': { name: 'Pattern Formation and Solitons', subsumedBy: 'nlin.PS' },
  'plasm-ph': { name: 'Plasma Physics', subsumedBy: 'physics.plasm-ph' },
  'q-alg': { name: 'Quantum Algebra and Topology', subsumedBy: 'math.QA' },
  'solv-int': { name: 'Exactly Solvable and Integrable Systems', subsumedBy: 'nlin.SI' },
  'supr-con': { name: 'Superconductivity', subsumedBy: 'cond-mat.supr-con' },
};

/** Every current category, code → name exactly as arXiv's listings print it (`Machine Learning (cs.LG)`). */
export const CATEGORIES: Readonly<Record<string, string>> = {
  // Computer Science
  'cs.AI': 'Artificial Intelligence',
  'cs.AR': 'Hardware Architecture',
  'cs.CC': 'Computational Complexity',
  'cs.CE': 'Computational Engineering, Finance, and Science',
  'cs.CG': 'Computational Geometry',
  'cs.CL': 'Computation and Language',
  'cs.CR': 'Cryptography and Security',
  'cs.CV': 'Computer Vision and Pattern Recognition',
  'cs.CY': 'Computers and Society',
  'cs.DB': 'Databases',
  'cs.DC': 'Distributed, Parallel, and Cluster Computing',
  'cs.DL': 'Digital Libraries',
  'cs.DM': 'Discrete Mathematics',
  'cs.DS': 'Data Structures and Algorithms',
  'cs.ET': 'Emerging Technologies',
  'cs.FL': 'Formal Languages and Automata Theory',
  'cs.GL': 'General Literature',
  'cs.GR': 'Graphics',
  'cs.GT': 'Computer Science and Game Theory',
  'cs.HC': 'Human-Computer Interaction',
  'cs.IR': 'Information Retrieval',
  'cs.IT': 'Information Theory',
  'cs.LG': 'Machine Learning',
  'cs.LO': 'Logic in Computer Science',
  'cs.MA': 'Multiagent Systems',
  'cs.MM': 'Multimedia',
  'cs.MS': 'Mathematical Software',
  'cs.NA': 'Numerical Analysis',
  'cs.NE': 'Neural and Evolutionary Computing',
  'cs.NI': 'Networking and Internet Architecture',
  'cs.OH': 'Other Computer Science',
  'cs.OS': 'Operating Systems',
  'cs.PF': 'Performance',
  'cs.PL': 'Programming Languages',
  'cs.RO': 'Robotics',
  'cs.SC': 'Symbolic Computation',
  'cs.SD': 'Sound',
  'cs.SE': 'Software Engineering',
  'cs.SI': 'Social and Information Networks',
  'cs.SY': 'Systems and Control',
  // Economics
  'econ.EM': 'Econometrics',
  'econ.GN': 'General Economics',
  'econ.TH': 'Theoretical Economics',
  // Electrical Engineering and Systems Science
  'eess.AS': 'Audio and Speech Processing',
  'eess.IV': 'Image and Video Processing',
  'eess.SP': 'Signal Processing',
  'eess.SY': 'Systems and Control',
  // Mathematics
  'math.AC': 'Commutative Algebra',
  'math.AG': 'Algebraic Geometry',
  'math.AP': 'Analysis of PDEs',
  'math.AT': 'Algebraic Topology',
  'math.CA': 'Classical Analysis and ODEs',
  'math.CO': 'Combinatorics',
  'math.CT': 'Category Theory',
  'math.CV': 'Complex Variables',
  'math.DG': 'Differential Geometry',
  'math.DS': 'Dynamical Systems',
  'math.FA': 'Functional Analysis',
  'math.GM': 'General Mathematics',
  'math.GN': 'General Topology',
  'math.GR': 'Group Theory',
  'math.GT': 'Geometric Topology',
  'math.HO': 'History and Overview',
  'math.IT': 'Information Theory',
  'math.KT': 'K-Theory and Homology',
  'math.LO': 'Logic',
  'math.MG': 'Metric Geometry',
  'math.MP': 'Mathematical Physics',
  'math.NA': 'Numerical Analysis',
  'math.NT': 'Number Theory',
  'math.OA': 'Operator Algebras',
  'math.OC': 'Optimization and Control',
  'math.PR': 'Probability',
  'math.QA': 'Quantum Algebra',
  'math.RA': 'Rings and Algebras',
  'math.RT': 'Representation Theory',
  'math.SG': 'Symplectic Geometry',
  'math.SP': 'Spectral Theory',
  'math.ST': 'Statistics Theory',
  // Physics: astro-ph
  'astro-ph.CO': 'Cosmology and Nongalactic Astrophysics',
  'astro-ph.EP': 'Earth and Planetary Astrophysics',
  'astro-ph.GA': 'Astrophysics of Galaxies',
  'astro-ph.HE': 'High Energy Astrophysical Phenomena',
  'astro-ph.IM': 'Instrumentation and Methods for Astrophysics',
  'astro-ph.SR': 'Solar and Stellar Astrophysics',
  // Physics: cond-mat
  'cond-mat.dis-nn': 'Disordered Systems and Neural Networks',
  'cond-mat.mes-hall': 'Mesoscale and Nanoscale Physics',
  'cond-mat.mtrl-sci': 'Materials Science',
  'cond-mat.other': 'Other Condensed Matter',
  'cond-mat.quant-gas': 'Quantum Gases',
  'cond-mat.soft': 'Soft Condensed Matter',
  'cond-mat.stat-mech': 'Statistical Mechanics',
  'cond-mat.str-el': 'Strongly Correlated Electrons',
  'cond-mat.supr-con': 'Superconductivity',
  // Physics: archives that are one category each
  'gr-qc': 'General Relativity and Quantum Cosmology',
  'hep-ex': 'High Energy Physics - Experiment',
  'hep-lat': 'High Energy Physics - Lattice',
  'hep-ph': 'High Energy Physics - Phenomenology',
  'hep-th': 'High Energy Physics - Theory',
  'math-ph': 'Mathematical Physics',
  'nucl-ex': 'Nuclear Experiment',
  'nucl-th': 'Nuclear Theory',
  'quant-ph': 'Quantum Physics',
  // Physics: nlin
  'nlin.AO': 'Adaptation and Self-Organizing Systems',
  'nlin.CD': 'Chaotic Dynamics',
  'nlin.CG': 'Cellular Automata and Lattice Gases',
  'nlin.PS': 'Pattern Formation and Solitons',
  'nlin.SI': 'Exactly Solvable and Integrable Systems',
  // Physics: physics
  'physics.acc-ph': 'Accelerator Physics',
  'physics.ao-ph': 'Atmospheric and Oceanic Physics',
  'physics.app-ph': 'Applied Physics',
  'physics.atm-clus': 'Atomic and Molecular Clusters',
  'physics.atom-ph': 'Atomic Physics',
  'physics.bio-ph': 'Biological Physics',
  'physics.chem-ph': 'Chemical Physics',
  'physics.class-ph': 'Classical Physics',
  'physics.comp-ph': 'Computational Physics',
  'physics.data-an': 'Data Analysis, Statistics and Probability',
  'physics.ed-ph': 'Physics Education',
  'physics.flu-dyn': 'Fluid Dynamics',
  'physics.gen-ph': 'General Physics',
  'physics.geo-ph': 'Geophysics',
  'physics.hist-ph': 'History and Philosophy of Physics',
  'physics.ins-det': 'Instrumentation and Detectors',
  'physics.med-ph': 'Medical Physics',
  'physics.optics': 'Optics',
  'physics.plasm-ph': 'Plasma Physics',
  'physics.pop-ph': 'Popular Physics',
  'physics.soc-ph': 'Physics and Society',
  'physics.space-ph': 'Space Physics',
  // Quantitative Biology
  'q-bio.BM': 'Biomolecules',
  'q-bio.CB': 'Cell Behavior',
  'q-bio.GN': 'Genomics',
  'q-bio.MN': 'Molecular Networks',
  'q-bio.NC': 'Neurons and Cognition',
  'q-bio.OT': 'Other Quantitative Biology',
  'q-bio.PE': 'Populations and Evolution',
  'q-bio.QM': 'Quantitative Methods',
  'q-bio.SC': 'Subcellular Processes',
  'q-bio.TO': 'Tissues and Organs',
  // Quantitative Finance
  'q-fin.CP': 'Computational Finance',
  'q-fin.EC': 'Economics',
  'q-fin.GN': 'General Finance',
  'q-fin.MF': 'Mathematical Finance',
  'q-fin.PM': 'Portfolio Management',
  'q-fin.PR': 'Pricing of Securities',
  'q-fin.RM': 'Risk Management',
  'q-fin.ST': 'Statistical Finance',
  'q-fin.TR': 'Trading and Market Microstructure',
  // Statistics
  'stat.AP': 'Applications',
  'stat.CO': 'Computation',
  'stat.ME': 'Methodology',
  'stat.ML': 'Machine Learning',
  'stat.OT': 'Other Statistics',
  'stat.TH': 'Statistics Theory',
};

/**
 * Bare archive codes that old papers carry as a category (`astro-ph` until 2008, `cond-mat` until 2004,
 * `q-bio` as a secondary until 2003), plus the closed archives, which arXiv still names.
 */
const LEGACY_CATEGORIES: Readonly<Record<string, string>> = {
  'astro-ph': 'Astrophysics',
  'cond-mat': 'Condensed Matter',
  'q-bio': 'Quantitative Biology',
  ...Object.fromEntries(Object.entries(LEGACY_ARCHIVES).map(([code, { name }]) => [code, name])),
};

const ALL_CATEGORIES: ReadonlyMap<string, string> = new Map([
  ...Object.entries(CATEGORIES),
  ...Object.entries(LEGACY_CATEGORIES),
]);

/** The name arXiv shows for a category (`cs.LG` → `Machine Learning`), or null for an unknown code. */
export function categoryName(code: string): string | null {
  return ALL_CATEGORIES.get(code) ?? null;
}

/** True for a current category or an old one that papers still carry (`cs.LG`, `hep-th`, `astro-ph`, `cmp-lg`). */
export function isKnownCategory(code: string): boolean {
  return ALL_CATEGORIES.has(code);
}

/** True for an archive that takes submissions today (`cs`, `math`, `hep-th`, `q-bio`). */
export function isKnownArchive(code: string): boolean {
  return Object.hasOwn(ARCHIVES, code);
}

/** The archive of a category (`cs.LG` → `cs`, `hep-th` → `hep-th`, `cmp-lg` → `cmp-lg`), or null if unknown. */
export function archiveOf(code: string): string | null {
  const dot = code.indexOf('.');
  const archive = dot === -1 ? code : code.slice(0, dot);
  return Object.hasOwn(ARCHIVES, archive) || Object.hasOwn(LEGACY_ARCHIVES, archive) ? archive : null;
}

/**
 * Categories the way arXiv lists them: `Machine Learning (cs.LG); Computational Physics (physics.comp-ph)`.
 * An unknown code is shown as just the code.
 */
export function formatSubjects(categories: readonly string[]): string {
  return categories
    .map((code) => {
      const name = categoryName(code);
      return name === null ? code : `${name} (${code})`;
    })
    .join('; ');
}

// Breaks ties between equally close suggestions: the categories people ask for most come first.
const POPULAR = [
  'cs.LG',
  'cs.AI',
  'cs.CL',
  'cs.CV',
  'cs.RO',
  'stat.ML',
  'cs.CR',
  'cs.SE',
  'cs.IR',
  'math.OC',
];

/**
 * The known categories and archives closest to an unknown code, best first, for messages such as
 * `unknown category "cs.XX"; did you mean cs.LG?`. Empty when nothing is reasonably close.
 */
export function suggestCategory(code: string, limit = 3): string[] {
  const wanted = code.trim();
  if (wanted === '') return [];
  const candidates = [...new Set([...Object.keys(ARCHIVES), ...Object.keys(CATEGORIES)])];
  const exactIgnoringCase = candidates.filter((c) => c.toLowerCase() === wanted.toLowerCase());
  if (exactIgnoringCase.length > 0) return exactIgnoringCase.slice(0, limit);

  const wantedArchive = archiveOf(wanted);
  const scored = candidates.map((candidate) => {
    let distance = editDistance(wanted.toLowerCase(), candidate.toLowerCase());
    // `LG` or `comp-ph` alone: compare with the part after the archive too.
    const dot = candidate.indexOf('.');
    if (dot !== -1 && !wanted.includes('.')) {
      distance = Math.min(
        distance,
        editDistance(wanted.toLowerCase(), candidate.slice(dot + 1).toLowerCase()),
      );
    }
    // A suggestion from another archive only when it is a lot closer.
    if (wantedArchive !== null && archiveOf(candidate) !== wantedArchive) distance += 2;
    const popularity = POPULAR.indexOf(candidate);
    return { candidate, distance, rank: popularity === -1 ? POPULAR.length : popularity };
  });
  const threshold = Math.max(2, Math.floor(wanted.length / 3));
  return scored
    .filter((s) => s.distance <= threshold)
    .sort((a, b) => a.distance - b.distance || a.rank - b.rank || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((s) => s.candidate);
}

/** Levenshtein distance between two strings. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

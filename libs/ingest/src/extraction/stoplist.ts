// Which dictionary phrases may be matched, and how. ESCO in particular carries one-word labels that
// are ordinary English ("manage", "guide", "clean", "interview", "gold") and O*NET carries product
// names that are ordinary words ("Go", "Word", "Chef"). Matching those case-insensitively floods
// postings with false positives; dropping all of them loses real skills. The policy:
// - one-word phrases that are ordinary words: dropped when written in lower case in the taxonomy,
//   matched case-sensitively (exactly as capitalised in the taxonomy) when they are proper names;
// - short all-caps acronyms (PMP, CNA, SQL, AWS): matched case-sensitively, so "cna" or "sas" in
//   running text (or "Sas" in a name) does not count;
// - single characters ("C", "R") are dropped: never reliable in free text; "C++", "C#", "A+" stay;
// - multi-word phrases made only of function words ("at all", "on time") are dropped.
// The labelled set (tests/fixtures/extraction) includes such decoys to keep this honest.

export type PhrasePolicy = 'match' | 'case-sensitive' | 'drop';

/** Words too frequent in job postings to stand alone as a skill when written in lower case. */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  `a about above access account accounts act action active activities activity add address adapt advise after again against age agent
  all allow also always an analyse analysis analyze and answer any apply are area areas art as ask assist assistance at attend
  attention audit back balance base basic be become before begin being best better between bill board body book boost box brand
  break bring budget build business but buy by call can care career carry case cash catch cause center chair change charge chart
  check chef choose city class clean clear client close coach code cold collect collections come commit communicate
  community company complete computer concept conduct connect consult contact content control conversation convert cook copy
  coordination copying core correspondence cost count cover create credit culture current customer cut daily data date day deal decide
  deliver delivery demand design detail develop development diet epic direct display do document does draw drive drilling due duty each
  early edit education effective email employee end energy engage english ensure enter equipment estimate evaluate event every
  excel execute exercise experience explain face facility fast file fill find fine finance fire first fit fix flexible flow focus
  follow food for form forward free from front fun fund gather general get give go goal gold good grade great ground group grow
  guide hand handle have health help high hire hold home hospitality host hour house how human idea identify image impact improve
  in include inform information inspect install interaction interview into issue it item job join just keep key kind know
  knowledge labor language large last lead learn leave level life lift light like line link list listen literature load local
  lock long look maintain make manage manager map mark market master match material may measure medicine meet member message
  method mind model money monitor move name need network new next note number observe offer office on open operate order organise
  organize other out over own pack page paint part party pass patient pay people perform person persist phone pick place plan plant
  platinum point policy position post puppet power practice prepare present price print problem process produce product program project
  promote prose protect provide public pull purchase push put quality question quick rate reach read ready record reduce
  reproduction re report research resolve respect respond rest result return review right rights risk role room rule run safe
  safety sale sampling save schedule school score search secure security see sell send serve service set share ship shop show sign
  silver simple site size skill slack sleep small social solve sort source speak speed square staff stand start state stock store story strategy
  structure study style superintend supervise supply support system table take talk task teach team teams technical test text
  the think time to tool top track trade train transfer transport travel treat trust turn type under understand unit update use user
  valves value view visit wait walk want warehouse wash watch water way web well with word work write year`.split(/\s+/),
);

/** Function words: a phrase made only of these is never a skill. */
const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  'a an and are as at be by for from in into is it of on or the to with all time up out off over'.split(' '),
);

const LETTER_RE = /\p{L}/u;
const UPPER_RE = /\p{Lu}/u;

/** Decides how one dictionary phrase (already tokenised) may be matched. */
export function phrasePolicy(rawTokens: string[], normTokens: string[]): PhrasePolicy {
  if (normTokens.length === 0) return 'drop';
  if (normTokens.length > 1) return normTokens.every((t) => FUNCTION_WORDS.has(t)) ? 'drop' : 'match';
  const raw = rawTokens[0];
  const norm = normTokens[0];
  const symbol = /[+#]/.test(raw);
  const letters = raw.replace(/[^\p{L}\p{N}]/gu, '');
  if (letters.length < 2 && !symbol) return 'drop';
  if (!LETTER_RE.test(raw)) return 'drop'; // bare numbers ("360", "3D" stays: has a letter)
  const allCaps = raw === raw.toUpperCase() && UPPER_RE.test(raw);
  if (allCaps && letters.length <= 5) return 'case-sensitive';
  if (COMMON_WORDS.has(norm) || COMMON_WORDS.has(raw.toLowerCase())) return UPPER_RE.test(raw) ? 'case-sensitive' : 'drop';
  return 'match';
}

/**
 * Credential short forms that also mean something else in postings ("A+ customer service", a
 * grade; "CFA" for a franchise or a financial aid form; "CDL" in "non-CDL"): matched only when the
 * sentence also has a credential word (certification, license, credential, designation, charter,
 * exam, level) or names another credential.
 */
export const CONTEXT_CREDENTIAL_FORMS: ReadonlySet<string> = new Set(['A+', 'CFA', 'CMA', 'CPT', 'CET', 'CST', 'EA', 'CC', 'RBT', 'CPP', 'PSM', 'CIA', 'CFE', 'CDM', 'COTA', 'NATE', 'CAPS', 'ADC', 'CWS', 'ENP']);

/** The sentence context that lets a CONTEXT_CREDENTIAL_FORMS form count. */
export const CREDENTIAL_CONTEXT_RE = /certif|licen[cs]|credential|designation|charter|\bexam|\blevel (?:i|ii|iii|1|2|3)\b|\bregistered\b|\bboard\b/i;

/** After a credential: it is offered, not asked for ("Forklift certification provided"). */
export const CREDENTIAL_OFFERED_AFTER_RE = /^[\s,]*(?:(?:will be|is|are|can be|to be)\s+)?(?:provided|offered|sponsored|paid for|reimbursed|available)\b/i;
/** Right before a credential: "non-CDL". */
export const CREDENTIAL_NEGATED_BEFORE_RE = /\bnon[-\s]?$/i;

/**
 * Right before a credential-as-role: the posting names someone else who holds it ("under the
 * supervision of a registered nurse", "reports to the RN", "a team of psychologists, licensed
 * clinical social workers and registered nurses"), not what the applicant needs.
 */
export const CREDENTIAL_THIRD_PARTY_BEFORE_RE =
  /\b(?:(?:supervision|direction|guidance|oversight|orders?) of|reports? (?:directly )?to|established by|assigned by|delegated by|directed by|supervised by|team of|staff of|leader of|teams? (?:that )?includ\w*|collaborat\w* with)\s+(?:an?\s+|the\s+)?(?:[\w'’&/-]+,?\s+(?:and\s+|or\s+)?){0,8}$/i;

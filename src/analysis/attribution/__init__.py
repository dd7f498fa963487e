"""Who speaks in each paragraph of an Arabic report: reporting cues, speakers and voices.

A *cue* is a reporting-verb form of the lexicon (with an optional و/ف) that opens its clause (at a
paragraph or clause start, after و/ف, or after كما، ثم، فيما، من جانبه ...), with its speaker:

* named after the verb: an actor alias (longest first, extended by an appositive alias of the same
  actor), else a noun phrase accepted only when the content follows it (أن/إن, a colon or quote, the
  verb's preposition إلى/على/عن/من or بـ+definite, possibly after an addressee "لكونا", an adverb or a
  circumstantial phrase "في كلمته"); a phrase running into the verb's object stops before it ("ودعت
  المنظمة الدول إلى"); a masculine verb takes no feminine phrase as speaker ("وطالب الدول المشاركة بـ"),
  save after an honorific or before إنّ ("وقال أسامة ... إن"); a title ending in a person's alias is that
  person, and a later shorter mention ("الراشد"، "السفير الكويتي") is the earlier speaker whose mention holds
  its words (a nisba standing for its country, a posting after لدى only for a posting), never the one a
  deputy or spokesman is *of* ("رئيس الوفد" is not "نائب رئيس الوفد"); right after a quotation, the phrase
  alone («...»، قال قائد خفر السواحل خلال جولة); words for figures (الأرقام، تقديرات) are never speakers;
* in a relative clause after a comma: an actor named right after «فيه/فيها» («، الذي أعلن فيه فورونكوف أن»),
  else the latest actor named in the few words before the comma («باعتماد «إعلان الكويت»، الذي دعا»);
* named before it: "وكان الوزير قد أكد", an alias just before the verb, "أما علييف فقال", or a subject
  opening the sentence of a past verb followed by its content ("رئيس القسم أكد أن"، "غير أن الوزير حذر من"،
  "الوزير شدد في كلمته على أن");
  after حين/عندما/بعدما, the speaker named after the verb, else the actor subject of the clause before
  ("وقد لخص فورونكوف المعضلة حين قال إن"), else a continuation;
* otherwise carried over (a continuation "وأضاف أن", "مشيراً إلى"): the current speaker, or the latest
  earlier one whose gender agrees with the verb's, also with an object and no أن ("وأكد أهمية التدريب"); a
  participle or ب + verbal noun after a non-reporting verb takes the subject right after that verb
  ("وافتتح فورونكوف الجلسة، مؤكداً"، "واستهل الراشد المؤتمر بالقول"). An agency paragraph about an earlier
  speaker ("وسئل الراشد عن") makes them the one a following "فأجاب" continues.
* relayed ("ونقل المتحدث عن الوزير قوله إن"): the one named between عن and the verbal noun with their
  pronoun speaks (a title then «، الاسم،» too); after "عنه/عنها" ("ونقلت مديرة مكتب فورونكوف عنه قوله"), the
  actor the relayer is named by.

``mode`` is direct for a colon or quote after cue and speaker (or a quotation before the cue), else
indirect, or mixed when the indirect content holds the speaker's own words (a quotation of four words or
more right after أن/إن, or first-person words: نحن، شراكتنا، منا، نتمكن). A paragraph without a cue is
the agency's, except one that continues an open quotation, one that is itself a quotation following
reported speech, the paragraphs after an attribution line ("وقال الوزير:", "أما فورونكوف، فاكتفى بعبارة:" with
the topic after أما as speaker; unquoted, only the first one,
list items and ones opening with إنّ), a quotation that ends with a dash and who said it ("«...» - فلان"),
and an interview answer opened by a label ("ج: ..."، "المطيري: ...", any label before a quotation;
a question "س: ..." is the agency's; before anyone is named, "ج:" answers are the person a headline opens with,
"العميد فلان: ..."). A titled name set off by commas after a mention ("مديرة الإدارة في الوزارة، السفيرة نورة
الحمد، إن") joins that speaker's words, so "وتابعت الحمد" continues her. Kickers, headlines,
datelines, bylines and subheadings are never searched. A speech transcript has no cues: every paragraph
is its speaker's own words. The word lists are data: see :meth:`Lexicon.from_tables`.

The modules, each depending only on those before it: ``grammar`` (closed-class words, a paragraph as
tokens), ``lexicon`` (verb forms and actor aliases), ``phrases`` (where a mention ends), ``speakers`` (who a
mention or a continuation refers to), ``subjects`` (heads of noun phrases, their gender, speaker and
object), ``cues`` (reporting cues and their speakers), ``mode`` (direct, indirect, mixed; quotations across
paragraphs), ``labels`` (interview labels), ``rows`` (output rows), ``paragraphs`` (:func:`attribute`) and
``voices`` (:func:`paragraph_voices`).

Usage::

    >>> import pandas as pd
    >>> verbs = pd.DataFrame({"form": ["قال", "أضاف"], "lemma": ["قال", "أضاف"],
    ...                       "gender": ["m", "m"], "form_type": ["past", "past"]})
    >>> actors = pd.DataFrame({"actor_id": ["emomali-rahmon"]})
    >>> aliases = pd.DataFrame({"actor_id": ["emomali-rahmon"], "alias": ["الرئيس رحمان"],
    ...                         "language": ["ar"], "note": [""]})
    >>> lexicon = Lexicon.from_tables(verbs, actors, aliases)
    >>> texts = ["وقال الرئيس رحمان إن التعاون ضروري.", "وأضاف: «نحن مستعدون».", "وانتهت الجلسة."]
    >>> rows = attribute(texts, ["lead", "body", "body"], kind="news_report", lexicon=lexicon, agency="kuna")
    >>> rows[["paragraph", "cue", "speaker", "mode", "rule"]].values.tolist()
    [[1, 'وقال', 'emomali-rahmon', 'indirect', 'named_actor'], [2, 'وأضاف', 'emomali-rahmon', 'direct', 'continuation']]
    >>> voices = paragraph_voices(rows, 3, kind="news_report", agency="kuna", source_speaker=None)
    >>> voices[["voice", "speaker"]].values.tolist()
    [['reported_speech', 'emomali-rahmon'], ['reported_speech', 'emomali-rahmon'], ['agency', 'kuna']]
"""

from analysis.attribution.lexicon import FORM_TYPES, GENDERS, Lexicon, VerbForm
from analysis.attribution.paragraphs import AGENCY_ROLES, KINDS, ROLES, attribute
from analysis.attribution.rows import ATTRIBUTION_COLUMNS, EVIDENCE_WORDS
from analysis.attribution.voices import VOICE_COLUMNS, paragraph_voices

__all__ = [
    "ATTRIBUTION_COLUMNS",
    "VOICE_COLUMNS",
    "KINDS",
    "ROLES",
    "AGENCY_ROLES",
    "VerbForm",
    "Lexicon",
    "attribute",
    "paragraph_voices",
    "GENDERS",
    "FORM_TYPES",
    "EVIDENCE_WORDS",
]

// How the portal writes days, times, numbers and amounts in English, Arabic, Hindi and
// Malayalam, as Debian 12's ICU (72, CLDR 42) writes them: what a reader of each language
// expects to find on a page. Written out here rather than asked of this Node's Intl, whose
// ICU is another version (Arabic digits, for one, differ between them).

const RLM = '\u200f';
const NBSP = '\u00a0';
const NNBSP = '\u202f';
const ARABIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';

// CLDR 42's month names (in full and short) and day periods.
const NAMES = {
  en: {
    months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    short: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    ampm: ["AM", "PM"],
  },
  ar: {
    months: ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
    short: ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
    ampm: ["ص", "م"],
  },
  hi: {
    months: ["जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्तूबर", "नवंबर", "दिसंबर"],
    short: ["जन॰", "फ़र॰", "मार्च", "अप्रैल", "मई", "जून", "जुल॰", "अग॰", "सित॰", "अक्तू॰", "नव॰", "दिस॰"],
    ampm: ["am", "pm"],
  },
  ml: {
    months: ["ജനുവരി", "ഫെബ്രുവരി", "മാർച്ച്", "ഏപ്രിൽ", "മേയ്", "ജൂൺ", "ജൂലൈ", "ഓഗസ്റ്റ്", "സെപ്റ്റംബർ", "ഒക്‌ടോബർ", "നവംബർ", "ഡിസംബർ"],
    short: ["ജനു", "ഫെബ്രു", "മാർ", "ഏപ്രി", "മേയ്", "ജൂൺ", "ജൂലൈ", "ഓഗ", "സെപ്റ്റം", "ഒക്ടോ", "നവം", "ഡിസം"],
    ampm: ["AM", "PM"],
  },
};

/** The languages these forms are written out for. */
export const LANGUAGES = Object.keys(NAMES);

/** 2036 as Arabic writes it: "٢٠٣٦". */
export function arabicDigits(value) {
  return String(value).replace(/[0-9]/g, (digit) => ARABIC_DIGITS[Number(digit)]);
}

/** A month (1-12) by its Arabic name: 5 is "مايو". */
export function arabicMonth(month) {
  return NAMES.ar.months[month - 1];
}

/** A day in full in Arabic: "١٢ مايو ٢٠٣٦". */
export function arabicDay(day) {
  return dayInFull('ar', day);
}

/** Reads "May 12, 2036" or "Dec 3, 2026" back as { year, month, day }. */
export function parseEnglishDay(text) {
  const match = /^(\p{L}+) (\d{1,2}), (\d{4})$/u.exec(text.trim());
  const month = match ? Math.max(NAMES.en.months.indexOf(match[1]), NAMES.en.short.indexOf(match[1])) + 1 : 0;
  if (!month) throw new Error(`"${text}" is not a day like "May 12, 2036"`);
  return { year: Number(match[3]), month, day: Number(match[2]) };
}

/** A day given as "2026-05-12": { year, month, day }. */
export function isoDay(text) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new Error(`"${text}" is not a day like "2026-05-12"`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/** The wall clock of an instant ("2026-05-12T06:05Z") in an IANA zone: { year, month, day, hour, minute }. */
export function wallClock(instant, timeZone) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
  }).formatToParts(new Date(instant));
  const part = (type) => Number(parts.find((p) => p.type === type).value);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute') };
}

const two = (n) => String(n).padStart(2, '0');

/** A day as the language writes it in full (DateStyle::Long): "May 12, 2036", "١٢ مايو ٢٠٣٦". */
export function dayInFull(language, { year, month, day }) {
  const name = NAMES[language].months[month - 1];
  switch (language) {
    case 'en': return `${name} ${day}, ${year}`;
    case 'ar': return `${arabicDigits(day)} ${name} ${arabicDigits(year)}`;
    case 'hi': return `${day} ${name} ${year}`;
    case 'ml': return `${year}, ${name} ${day}`;
    default: throw new Error(`no forms for ${language}`);
  }
}

/** A day as the language writes it in the medium style: "May 12, 2026", "١٢‏/٠٥‏/٢٠٢٦". */
export function dayMedium(language, { year, month, day }) {
  const name = NAMES[language].short[month - 1];
  switch (language) {
    case 'en': return `${name} ${day}, ${year}`;
    case 'ar': return arabicDigits(`${two(day)}${RLM}/${two(month)}${RLM}/${year}`);
    case 'hi': return `${day} ${name} ${year}`;
    case 'ml': return `${year}, ${name} ${day}`;
    default: throw new Error(`no forms for ${language}`);
  }
}

/** A date and a time (medium date, short time): "May 12, 2026, 10:05 AM", "١٢‏/٠٥‏/٢٠٢٦، ١٠:٠٥ ص". */
export function dateTimeMedium(language, wall) {
  const day = dayMedium(language, wall);
  const hour = wall.hour % 12 === 0 ? 12 : wall.hour % 12;
  const period = NAMES[language].ampm[wall.hour < 12 ? 0 : 1];
  const clock = `${hour}:${two(wall.minute)}`;
  switch (language) {
    case 'en': return `${day}, ${clock}${NNBSP}${period}`;
    case 'ar': return `${day}، ${arabicDigits(clock)} ${period}`;
    case 'hi': return `${day}, ${clock} ${period}`;
    case 'ml': return `${day} ${clock} ${period}`;
    default: throw new Error(`no forms for ${language}`);
  }
}

/** Reads "KWD 12.500" (English, three decimals) back as minor units: 12500. */
export function parseEnglishKwd(text) {
  const match = /^(-?)KWD\s([\d,]+)\.(\d{3})$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not an amount like "KWD 12.500"`);
  return (match[1] ? -1 : 1) * Number((match[2] + match[3]).replace(/,/g, ''));
}

function grouped(digits, indian) {
  if (!indian) return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const last = digits.slice(-3);
  const rest = digits.slice(0, -3);
  return rest ? `${rest.replace(/\B(?=(\d{2})+(?!\d))/g, ',')},${last}` : last;
}

/** An amount of Kuwaiti dinars (3 decimals) in minor units, as the language writes it. */
export function kwd(language, minor) {
  const sign = minor < 0 ? '-' : '';
  const magnitude = String(Math.abs(minor)).padStart(4, '0');
  const whole = magnitude.slice(0, -3);
  const fraction = magnitude.slice(-3);
  switch (language) {
    case 'en':
    case 'ml': return `${sign}KWD${NBSP}${grouped(whole, false)}.${fraction}`;
    case 'hi': return `${sign}KWD${NBSP}${grouped(whole, true)}.${fraction}`;
    case 'ar': {
      const number = arabicDigits(grouped(whole, false).replace(/,/g, '٬') + '٫' + fraction);
      return `${sign ? '\u061c-' : ''}${RLM}${number}${NBSP}د.ك.${RLM}`;
    }
    default: throw new Error(`no forms for ${language}`);
  }
}

/** A whole number with the language's digits and grouping. */
export function wholeNumber(language, value) {
  const digits = String(Math.abs(value));
  const sign = value < 0 ? '-' : '';
  switch (language) {
    case 'en': return sign + grouped(digits, false);
    case 'hi':
    case 'ml': return sign + grouped(digits, true);
    case 'ar': return (sign ? '\u061c-' : '') + arabicDigits(grouped(digits, false).replace(/,/g, '٬'));
    default: throw new Error(`no forms for ${language}`);
  }
}

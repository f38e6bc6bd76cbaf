// How the portal writes days and numbers in some languages, as Debian 12's ICU (72, CLDR 42)
// writes them: what a reader of that language expects to find on a page. Written out here
// rather than asked of this Node's Intl, whose ICU is another version (Arabic digits, for
// one, differ between them).

const ARABIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';
const ARABIC_MONTHS = ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر',
  'أكتوبر', 'نوفمبر', 'ديسمبر'];
const ENGLISH_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

/** 2036 as Arabic writes it: "٢٠٣٦". */
export function arabicDigits(value) {
  return String(value).replace(/[0-9]/g, (digit) => ARABIC_DIGITS[Number(digit)]);
}

/** A month (1-12) by its Arabic name: 5 is "مايو". */
export function arabicMonth(month) {
  return ARABIC_MONTHS[month - 1];
}

/** A day in full in English: "May 12, 2036". */
export function englishDay({ year, month, day }) {
  return `${ENGLISH_MONTHS[month - 1]} ${day}, ${year}`;
}

/** A day in full in Arabic: "١٢ مايو ٢٠٣٦". */
export function arabicDay({ year, month, day }) {
  return `${arabicDigits(day)} ${arabicMonth(month)} ${arabicDigits(year)}`;
}

/** Reads "May 12, 2036" back as { year, month, day }. */
export function parseEnglishDay(text) {
  const match = /^(\p{L}+) (\d{1,2}), (\d{4})$/u.exec(text.trim());
  const month = match ? ENGLISH_MONTHS.indexOf(match[1]) + 1 : 0;
  if (!month) throw new Error(`"${text}" is not a day like "May 12, 2036"`);
  return { year: Number(match[3]), month, day: Number(match[2]) };
}

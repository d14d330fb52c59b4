/**
 * Calendar arithmetic on ISO dates, kept to whole days and months so results never depend on the time zone.
 * Support periods are stated with month precision (Art. 13(19)); a month-only end (YYYY-MM) means the last day of
 * that month, so "placed 2028-01-15, support to 2033-01" counts as five full years, as in the Commission FAQ example.
 */

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?/;

export function parseCalendarDate(
  value: unknown,
  monthOnlyMeans: "first" | "last" = "first",
): CalendarDate | undefined {
  if (typeof value !== "string") return undefined;
  const match = DATE.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  const last = daysInMonth(year, month);
  const day = match[3] === undefined ? (monthOnlyMeans === "first" ? 1 : last) : Number(match[3]);
  if (day < 1 || day > last) return undefined;
  return { year, month, day };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whole months from `a` to `b` (negative when b is earlier). */
export function wholeMonthsBetween(a: CalendarDate, b: CalendarDate): number {
  let months = (b.year - a.year) * 12 + (b.month - a.month);
  const bIsMonthEnd = b.day === daysInMonth(b.year, b.month);
  if (b.day < a.day && !bIsMonthEnd) months -= 1;
  return months;
}

export function addYears(date: CalendarDate, years: number): CalendarDate {
  const year = date.year + years;
  return { year, month: date.month, day: Math.min(date.day, daysInMonth(year, date.month)) };
}

export function formatDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, "0")}-${String(date.month).padStart(2, "0")}-${String(date.day).padStart(2, "0")}`;
}

export function laterOf(a: CalendarDate, b: CalendarDate): CalendarDate {
  return formatDate(a) >= formatDate(b) ? a : b;
}

/** Days from `a` to `b` (ISO dates or date-times; the date part counts). */
export function daysBetween(a: string, b: string): number | undefined {
  const da = parseCalendarDate(a);
  const db = parseCalendarDate(b);
  if (!da || !db) return undefined;
  return Math.round((Date.UTC(db.year, db.month - 1, db.day) - Date.UTC(da.year, da.month - 1, da.day)) / 86_400_000);
}

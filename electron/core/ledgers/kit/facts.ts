import type { ReviewFact } from '../../../../shared/api/review-contract';

/**
 * Why a time was judged inside or outside business hours, for the review and the paper: the day's
 * hours (start to end), or that it was no business day (the visitors' 営業時間外に館内, the cabinet
 * log's 営業時間外の開錠 and 終業までに未施錠: user probes read the time alone).
 */
export function businessHoursFact(start: string, end: string, businessDay: boolean): ReviewFact {
  return { term: 'businessHours', values: [businessDay ? { text: start, until: end } : { key: 'review.factValues.dayOff' }] };
}

/**
 * Lazily loaded chunk (flock-web-vitals.js), added by the extensions chunk only with data-web-vitals="true".
 * Each metric goes out as a `web_vital` event through the public API, so it gets the same
 * envelope, session, masking and delivery as every other event.
 */
import { onCLS, onFCP, onINP, onLCP, onTTFB, type Metric } from 'web-vitals';
import { tinybirdWindow } from './tinybird-api.ts';

const report = (m: Metric): void =>
  tinybirdWindow.Tinybird?.trackEvent('web_vital', {
    name: m.name,
    value: m.value,
    delta: m.delta,
    rating: m.rating,
    id: m.id,
    navigationType: m.navigationType,
    pathname: location.pathname,
    href: location.href,
  });

for (const on of [onCLS, onFCP, onINP, onLCP, onTTFB]) on(report);

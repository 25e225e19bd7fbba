import { t } from '../i18n';
import type { Severity } from './ruleTypes';

/** The short, localized word for a severity (CLI output and the rule reference). */
export function severityLabel(severity: Severity): string {
  switch (severity) {
    case 'error':
      return t('error');
    case 'warning':
      return t('warning');
    case 'information':
      return t('info');
    case 'hint':
      return t('hint');
  }
}

import type { Catalog } from '..';

export const accessLog: Catalog['accessLog'] = {
  title: 'Access-log check record',
  lead: 'Each month the system administrator checks every system’s access logs of the month before (Safety Rules Art. 14(3)).',
  hints: {
    anomalyFound: 'Leave it empty if nothing was found.',
  },
  fields: {
    system: 'System',
    site: 'Site',
    month: 'Month checked',
    checkedAt: 'Checked at',
    logsComplete: 'Logs of the whole month',
    storedSafely: 'Logs stored safely',
    anomalyFound: 'Anomalies found',
    actionTaken: 'Action taken',
  },
  values: {
    logsComplete: { yes: 'Complete', no: 'Incomplete' },
    storedSafely: { yes: 'Stored safely', no: 'Not safe' },
  },
  registerChanges: {
    system_moved: 'A correction of the systems register moved {{system}} from this site to another',
  },
  anomaly: {
    logs_incomplete: 'Logs incomplete',
    not_stored_safely: 'Storage problem',
    anomaly_without_action: 'Anomaly without action',
    anomaly_found: 'Anomaly found in the logs',
    checked_late: 'Checked after the due day',
  },
  errors: {
    already_checked: 'This system’s {{month}} is already checked. To change it, correct that record.',
    retired: 'This system was voided and cannot be recorded.',
    future_month: 'A month that has not ended cannot be checked. Choose last month or earlier.',
    before_retention: 'This system keeps its logs for {{months}} months: an earlier month cannot be checked.',
    before_retention_one: 'This system keeps its logs for {{months}} month: an earlier month cannot be checked.',
    checked_before_month_end: 'The check must be dated after the month it checks has ended.',
    due_day_range: 'Enter a day between 1 and 28.',
    action_required: 'Enter the action taken on the anomalies found.',
    none_typed: 'If no anomaly was found, leave this field empty (do not write “none”).',
    action_is_finding: 'This repeats the anomaly found. Write the action taken (who did what); if nothing has been done yet, leave it empty.',
    action_none_typed: 'If nothing has been done yet, leave this field empty (do not write “none”): the monthly review then asks about it.',
  },
  unchecked: {
    title: 'Systems not yet checked ({{month}})',
    none: 'Every system is checked for {{month}}.',
    due: 'due {{date}}',
    overdue: 'Overdue',
    link: 'To the access-log check record',
    record: 'Record the check',
  },
  systems: {
    title: 'Systems register',
    lead: 'The servers, cloud services and network devices whose access logs are checked, where their logs are kept and for how long.',
    fields: {
      code: 'System no.',
      name: 'Name',
      kind: 'Kind',
      site: 'Site',
      logLocation: 'Where the logs are kept',
      retentionMonths: 'Kept (months)',
      notes: 'Notes',
    },
    values: {
      kind: { server: 'Server', cloud: 'Cloud service', network: 'Network device', other: 'Other' },
    },
    errors: {
      code_taken: 'This system number is already registered.',
      name_taken: 'This site already has a system of this name. Give it another, so that the check record tells them apart (e.g. File server 2).',
    },
  },
};

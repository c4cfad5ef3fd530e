export const SettingsErrors = {
  /** platformUpdateSettings: a value is out of range or not a whole number. */
  INVALID_INPUT: 'SETTINGS_INVALID_INPUT',
} as const;

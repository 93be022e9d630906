/** The one storage availability zone and volume type of the built-in block storage (DevStack's names). */
export const VOLUME_ZONE = 'nova';
export const VOLUME_TYPE = 'lvmdriver-1';

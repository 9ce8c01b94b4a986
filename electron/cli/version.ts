export const GATEHOUSE_VERSION: string =
  typeof __GATEHOUSE_VERSION__ === 'string' ? __GATEHOUSE_VERSION__ : '0.0.0-dev';

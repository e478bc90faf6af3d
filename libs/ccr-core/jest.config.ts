export default {
  displayName: 'ccr-core',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/ccr-core',
};

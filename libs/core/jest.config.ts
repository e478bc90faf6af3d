export default {
  displayName: 'core',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/core',
};

export default {
  displayName: 'embedded-cluster',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/embedded-cluster',
};

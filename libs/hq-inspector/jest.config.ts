export default {
  displayName: 'hq-inspector',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/hq-inspector',
};

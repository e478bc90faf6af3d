export default {
  displayName: 'clusters',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/clusters',
};

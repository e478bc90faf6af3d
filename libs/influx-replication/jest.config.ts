export default {
  displayName: 'influx-replication',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/influx-replication',
};

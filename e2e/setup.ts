// Browser tests wait for real pages, servers and back-off timers.
jest.setTimeout(30000);

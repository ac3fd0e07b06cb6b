-- Keeps the entries a consumer is still working on from looking idle to XAUTOCLAIM: resets the
-- idle time of those it still owns (XCLAIM JUSTID leaves the delivery count alone).
-- KEYS: [1] stream. ARGV: [1] group, [2] consumer, [3..] entry ids. Returns how many it touched.
local touched = 0
for i = 3, #ARGV do
  local mine = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1, ARGV[2])
  if #mine > 0 then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
    touched = touched + 1
  end
end
return touched

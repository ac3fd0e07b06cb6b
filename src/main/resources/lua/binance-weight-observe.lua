-- Binance's own count (X-MBX-USED-WEIGHT-1M) wins when it is higher than ours: other clients on
-- the same IP spend the same budget. KEYS[1] this minute's used weight; ARGV[1] Binance's count,
-- ARGV[2] window ttl ms.
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local observed = tonumber(ARGV[1])
if observed > current then
  redis.call('SET', KEYS[1], observed, 'PX', ARGV[2])
end
return observed

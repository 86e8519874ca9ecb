package dev.meshplane.catalog.streams;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of all the catalog's RocksDB stores together. Kafka Streams opens one RocksDB per store and
 * partition (three stores times the input partitions), and by default each takes its own 50 MiB block cache and up to
 * three 16 MiB memtables: over 800 MiB at three partitions. Here every store of the process shares one block cache of
 * {@value #CACHE_BYTES} bytes, with index and filter blocks counted in it, and the memtables of all of them are charged
 * to that cache too, up to {@value #MEMTABLE_BYTES} bytes.
 *
 * <p>Set as {@code kafka-streams.rocksdb.config.setter}; the objects are shared on purpose and never closed per store.
 */
public class BoundedRocksDb implements RocksDBConfigSetter {

    static final long CACHE_BYTES = 32L << 20;

    static final long MEMTABLE_BYTES = 8L << 20;

    private static final long MEMTABLE_SIZE = 2L << 20;

    private static final Cache CACHE;

    private static final WriteBufferManager WRITE_BUFFERS;

    static {
        org.rocksdb.RocksDB.loadLibrary();
        CACHE = new LRUCache(CACHE_BYTES, -1, false, 0.1);
        WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setPinL0FilterAndIndexBlocksInCache(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setWriteBufferSize(MEMTABLE_SIZE);
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager serve every store of the process: they live as long as it does
    }
}

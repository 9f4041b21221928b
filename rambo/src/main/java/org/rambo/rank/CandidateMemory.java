package org.rambo.rank;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The last τ batches of candidates (embeddings and labels), kept without gradient so ranks
 * are estimated over more items than one batch holds. Entries are copies owned by the
 * memory's own NDManager: they outlive the batch that produced them and never join autograd.
 *
 * <p>Each entry remembers the id of the array it was copied from, so a loss evaluated twice on
 * the same predictions (DJL's Trainer does this: once for the step, once for its evaluators)
 * can leave its own batch out and gets the same candidates both times.
 */
public final class CandidateMemory implements AutoCloseable {

    private record Entry(String sourceUid, NDArray embeddings, NDArray labels) {}

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private NDManager manager;

    public CandidateMemory(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("memory size (batches) must be >= 0, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** τ, the number of batches kept. */
    public int capacity() {
        return capacity;
    }

    /** Batches currently held. */
    public synchronized int size() {
        return entries.size();
    }

    /** Candidates currently held (rows over all entries). */
    public synchronized long candidateCount() {
        long count = 0;
        for (Entry e : entries) {
            count += e.embeddings().getShape().get(0);
        }
        return count;
    }

    /**
     * Stored embeddings and labels, oldest first, leaving out an entry copied from the array
     * with id {@code excludeSourceUid}. Returns [embeddings, labels] or an empty list. Arrays made
     * to join several batches belong to {@code owner} (a step's manager, closed after the step),
     * so asking every step leaves nothing behind; the arrays returned must not be closed by the
     * caller and are valid until the next {@link #push}.
     */
    public synchronized NDList stored(String excludeSourceUid, NDManager owner) {
        NDList embeddings = new NDList();
        NDList labels = new NDList();
        for (Entry e : entries) {
            if (!e.sourceUid().equals(excludeSourceUid)) {
                embeddings.add(e.embeddings());
                labels.add(e.labels());
            }
        }
        if (embeddings.isEmpty()) {
            return new NDList();
        }
        return new NDList(joined(embeddings, owner), joined(labels, owner));
    }

    private static NDArray joined(NDList batches, NDManager owner) {
        if (batches.size() == 1) {
            return batches.head();
        }
        NDArray all = NDArrays.concat(batches);
        all.attach(owner);
        return all;
    }

    /**
     * Stores a detached copy of a batch, dropping the oldest beyond τ. A batch already stored
     * under the same source id is not stored again.
     */
    public synchronized void push(String sourceUid, NDArray embeddings, NDArray labels) {
        if (capacity == 0) {
            return;
        }
        for (Entry e : entries) {
            if (e.sourceUid().equals(sourceUid)) {
                return;
            }
        }
        if (manager == null) {
            manager = NDManager.newBaseManager(embeddings.getDevice());
        }
        NDArray emb = embeddings.stopGradient().duplicate();
        emb.attach(manager);
        NDArray lab = labels.stopGradient().duplicate();
        lab.attach(manager);
        entries.addLast(new Entry(sourceUid, emb, lab));
        while (entries.size() > capacity) {
            Entry old = entries.removeFirst();
            old.embeddings().close();
            old.labels().close();
        }
    }

    /**
     * Copies of the stored batches, oldest first, as [embeddings, labels] pairs attached to
     * {@code owner}: a checkpoint saves them so a resumed run ranks against the same candidates.
     */
    public synchronized NDList snapshot(NDManager owner) {
        NDList out = new NDList();
        for (Entry e : entries) {
            NDArray emb = e.embeddings().duplicate();
            emb.attach(owner);
            NDArray lab = e.labels().duplicate();
            lab.attach(owner);
            out.add(emb);
            out.add(lab);
        }
        return out;
    }

    /**
     * Replaces the contents with batches from {@link #snapshot} (pairs of embeddings and labels,
     * oldest first). Restored batches match no live array, so none is left out of a ranking.
     */
    public synchronized void restore(NDList batches) {
        if (batches.size() % 2 != 0) {
            throw new IllegalArgumentException(
                    "a memory snapshot holds pairs of embeddings and labels, got " + batches.size() + " arrays");
        }
        if (batches.size() / 2 > capacity) {
            throw new IllegalArgumentException(
                    "a memory snapshot of " + batches.size() / 2 + " batches does not fit a memory of " + capacity);
        }
        clear();
        for (int i = 0; i < batches.size(); i += 2) {
            if (manager == null) {
                manager = NDManager.newBaseManager(batches.get(i).getDevice());
            }
            NDArray emb = batches.get(i).duplicate();
            emb.attach(manager);
            NDArray lab = batches.get(i + 1).duplicate();
            lab.attach(manager);
            entries.addLast(new Entry("restored-" + i / 2 + "-" + emb.getUid(), emb, lab));
        }
    }

    /** Forgets every stored batch. */
    public synchronized void clear() {
        for (Entry e : entries) {
            e.embeddings().close();
            e.labels().close();
        }
        entries.clear();
    }

    @Override
    public synchronized void close() {
        clear();
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }
}

/* The scanner's feature hashing, compiled: every transcript pays for it, so it may not cost
 * a dozen numpy calls (about 50 us on a slow 2.45 GHz core; this costs one or two).
 *
 * Features of canonical text (see scanner/features.py for what they are and why): character
 * 3-, 4- and 5-grams of the text padded with one space at each end, word unigrams (salted) and
 * word bigrams, each hashed polynomially modulo 2**64 (h = h * BASE + code point, over the code
 * points of the n-gram), then mixed and cut to HASH_BITS bits. The committed weights were trained
 * on exactly these buckets; tests/test_scanner_model.py checks them against a plain-Python
 * restatement of the same arithmetic.
 *
 *   buckets(text) -> bytes            int64 bucket of every occurrence, in the order
 *                                     3-grams, 4-grams, 5-grams, unigrams, bigrams
 *   weight_sum(text, weights) -> (float, int)
 *                                     sum of weights[bucket] over every occurrence (in double)
 *                                     and the number of occurrences; `weights` is a contiguous
 *                                     float16 buffer of 2**HASH_BITS entries
 *   word_weights(text, weights) -> list[float]
 *                                     the weight of each word's unigram feature, word by word
 *                                     as text.split(" ") gives them (to explain a verdict)
 *   marked_words(text, marks) -> (int, int)
 *                                     how many of the words have their unigram bucket's bit set
 *                                     in `marks` (N_BUCKETS bits, bytes), and how many words there
 *                                     are: the language gate's count of English words
 *                                     (scanner/language.py), without a set lookup per word
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define HASH_BITS 18
#define N_BUCKETS (1u << HASH_BITS)

static const uint64_t BASE = 1000003ULL;
static const uint64_t MIX = 0x9E3779B97F4A7C15ULL;
static const uint64_t PAIR = 0xC2B2AE3D27D4EB4FULL;
static const uint64_t WORD_SALT = 0x14057B7EF767814FULL; /* unigram "abc" apart from 3-gram "abc" */
static const Py_UCS4 SPACE = 32;

/* An IEEE half (float16) as a float, exactly, subnormals included (F. Giesen's branch-light
 * conversion): the table is kept in half precision, as committed, so that it takes 512 KB of
 * cache instead of 1 MB; a scan's gather of a thousand scattered weights is bound by cache misses. */
static inline float half_to_float(uint16_t half) {
    union { uint32_t bits; float value; } out, magic = {113u << 23};
    const uint32_t shifted_exponent = 0x7c00u << 13;
    out.bits = (uint32_t)(half & 0x7fffu) << 13;
    const uint32_t exponent = shifted_exponent & out.bits;
    out.bits += (127u - 15u) << 23;
    if (exponent == shifted_exponent) {
        out.bits += (128u - 16u) << 23; /* infinity or NaN */
    } else if (exponent == 0) {
        out.bits += 1u << 23; /* zero or subnormal: renormalise */
        out.value -= magic.value;
    }
    out.bits |= (uint32_t)(half & 0x8000u) << 16;
    return out.value;
}

/* Strings are always "ready" from Python 3.12 on, where PyUnicode_READY is deprecated. */
static inline int ensure_ready(PyObject *text) {
#if PY_VERSION_HEX < 0x030C0000
    return PyUnicode_READY(text);
#else
    (void)text;
    return 0;
#endif
}

static inline uint64_t bucket_of(uint64_t hash) { return (hash * MIX) >> (64 - HASH_BITS); }

/* What an occurrence is, for the callers that keep only some. */
enum feature_kind { CHAR_GRAM, UNIGRAM, BIGRAM };

/* Receives every feature occurrence: its bucket, its kind and its place (`slot`) in the
 * documented order (3-grams, 4-grams, 5-grams, unigrams, bigrams). */
typedef void (*emit_fn)(void *state, Py_ssize_t slot, enum feature_kind kind, uint64_t bucket);

/* The one definition of the features, for each storage width of a str. The text is walked once:
 * each start's 3-gram hash is extended to its 4- and 5-gram, and each word's hash feeds its
 * unigram and the bigram it closes; `slot` puts each occurrence where the documented order has
 * it. Returns the number of occurrences. Inlined into each caller, so the calls to `emit`, a
 * constant there, compile to the caller's own few instructions. */
#define DEFINE_WALK(NAME, CHAR_T)                                                               \
    static inline __attribute__((always_inline)) Py_ssize_t NAME(                               \
        const CHAR_T *text, Py_ssize_t length, emit_fn emit, void *state) {                     \
        if (length == 0) return 0;                                                              \
        const Py_ssize_t padded = length + 2;                                                   \
        Py_ssize_t words = 1;                                                                   \
        for (Py_ssize_t index = 0; index < length; index++) words += text[index] == SPACE;      \
        const Py_ssize_t grams3 = padded - 2, grams4 = padded - 3;                              \
        const Py_ssize_t grams5 = padded > 4 ? padded - 4 : 0;                                  \
        const Py_ssize_t first_unigram = grams3 + grams4 + grams5;                              \
        const Py_ssize_t first_bigram = first_unigram + words;                                  \
        for (Py_ssize_t start = 0; start < grams3; start++) {                                   \
            uint64_t hash = 0;                                                                  \
            for (Py_ssize_t index = start; index < start + 5 && index < padded; index++) {      \
                Py_UCS4 code = (index == 0 || index == padded - 1) ? SPACE : text[index - 1];   \
                hash = hash * BASE + code;                                                      \
                switch (index - start) {                                                        \
                    case 2: emit(state, start, CHAR_GRAM, bucket_of(hash)); break;              \
                    case 3: emit(state, grams3 + start, CHAR_GRAM, bucket_of(hash)); break;     \
                    case 4: emit(state, grams3 + grams4 + start, CHAR_GRAM, bucket_of(hash));   \
                }                                                                               \
            }                                                                                   \
        }                                                                                       \
        uint64_t word = 0, previous = 0;                                                        \
        Py_ssize_t ordinal = 0;                                                                 \
        for (Py_ssize_t index = 1; index < padded; index++) {                                   \
            Py_UCS4 code = index == padded - 1 ? SPACE : text[index - 1];                       \
            if (code != SPACE) {                                                                \
                word = word * BASE + code;                                                      \
                continue;                                                                       \
            }                                                                                   \
            word ^= WORD_SALT;                                                                  \
            emit(state, first_unigram + ordinal, UNIGRAM, bucket_of(word));                     \
            if (ordinal > 0)                                                                    \
                emit(state, first_bigram + ordinal - 1, BIGRAM, bucket_of(previous * PAIR + word)); \
            previous = word;                                                                    \
            word = 0;                                                                           \
            ordinal++;                                                                          \
        }                                                                                       \
        return first_bigram + words - 1;                                                        \
    }

DEFINE_WALK(walk_ucs1, Py_UCS1)
DEFINE_WALK(walk_ucs2, Py_UCS2)
DEFINE_WALK(walk_ucs4, Py_UCS4)

static inline __attribute__((always_inline)) Py_ssize_t walk(PyObject *text, emit_fn emit, void *state) {
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    switch (PyUnicode_KIND(text)) {
        case PyUnicode_1BYTE_KIND: return walk_ucs1((const Py_UCS1 *)data, length, emit, state);
        case PyUnicode_2BYTE_KIND: return walk_ucs2((const Py_UCS2 *)data, length, emit, state);
        default: return walk_ucs4((const Py_UCS4 *)data, length, emit, state);
    }
}

/* `text` as a ready str, or a TypeError naming the function. */
static int check_text(PyObject *text, const char *function) {
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "%s() expects str, got %.80s", function, Py_TYPE(text)->tp_name);
        return -1;
    }
    return ensure_ready(text);
}

/* The weight table as a buffer of N_BUCKETS contiguous float16 values, or an error. */
static int get_weights(PyObject *weights, Py_buffer *view) {
    if (PyObject_GetBuffer(weights, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) return -1;
    if (view->format == NULL || strcmp(view->format, "e") != 0 || view->itemsize != 2 ||
        view->len != (Py_ssize_t)N_BUCKETS * 2) {
        PyBuffer_Release(view);
        PyErr_Format(PyExc_ValueError, "weights must be %u contiguous float16 values", N_BUCKETS);
        return -1;
    }
    return 0;
}

/* The (text, weights) arguments of weight_sum and word_weights: on success the caller releases
 * `view`. */
static int text_and_weights(PyObject *const *args, Py_ssize_t nargs, const char *function, Py_buffer *view) {
    if (nargs != 2) {
        PyErr_Format(PyExc_TypeError, "%s() takes (text, weights)", function);
        return -1;
    }
    if (check_text(args[0], function) < 0) return -1;
    return get_weights(args[1], view);
}

static void collect(void *state, Py_ssize_t slot, enum feature_kind kind, uint64_t bucket) {
    (void)kind;
    ((int64_t *)state)[slot] = (int64_t)bucket;
}

static PyObject *buckets(PyObject *module, PyObject *text) {
    (void)module;
    if (check_text(text, "buckets") < 0) return NULL;
    /* An upper bound (three character n-grams per padded position; at most length + 1 words,
     * each with a unigram and a bigram) cut to the exact count the walk returns. */
    const Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    PyObject *result = PyBytes_FromStringAndSize(NULL, (5 * (length + 2)) * (Py_ssize_t)sizeof(int64_t));
    if (result == NULL) return NULL;
    Py_ssize_t total = walk(text, collect, PyBytes_AS_STRING(result));
    if (_PyBytes_Resize(&result, total * (Py_ssize_t)sizeof(int64_t)) < 0) return NULL;
    return result;
}

typedef struct {
    const uint16_t *weights;
    double sum;
} sum_state;

static void accumulate(void *state, Py_ssize_t slot, enum feature_kind kind, uint64_t bucket) {
    (void)slot;
    (void)kind;
    sum_state *summed = (sum_state *)state;
    summed->sum += half_to_float(summed->weights[bucket]);
}

static PyObject *weight_sum(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    Py_buffer view;
    if (text_and_weights(args, nargs, "weight_sum", &view) < 0) return NULL;
    sum_state state = {(const uint16_t *)view.buf, 0.0};
    Py_ssize_t count = walk(args[0], accumulate, &state);
    PyBuffer_Release(&view);
    return Py_BuildValue("(dn)", state.sum, count);
}

typedef struct {
    const uint16_t *weights;
    PyObject *list; /* NULL once an append failed */
} word_state;

static void append_unigram(void *state, Py_ssize_t slot, enum feature_kind kind, uint64_t bucket) {
    (void)slot;
    word_state *words = (word_state *)state;
    if (kind != UNIGRAM || words->list == NULL) return;
    PyObject *value = PyFloat_FromDouble(half_to_float(words->weights[bucket]));
    if (value == NULL || PyList_Append(words->list, value) < 0) Py_CLEAR(words->list);
    Py_XDECREF(value);
}

static PyObject *word_weights(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    Py_buffer view;
    if (text_and_weights(args, nargs, "word_weights", &view) < 0) return NULL;
    word_state state = {(const uint16_t *)view.buf, PyList_New(0)};
    if (state.list != NULL) walk(args[0], append_unigram, &state);
    PyBuffer_Release(&view);
    return state.list;
}

/* Only the words' unigram buckets, for each storage width (the walk above also hashes every
 * character n-gram, which marked_words does not need). */
#define DEFINE_MARKED(NAME, CHAR_T)                                                             \
    static Py_ssize_t NAME(const CHAR_T *text, Py_ssize_t length, const uint8_t *marks, Py_ssize_t *words) { \
        Py_ssize_t marked = 0, count = 0;                                                       \
        uint64_t word = 0;                                                                      \
        for (Py_ssize_t index = 0; index <= length; index++) {                                  \
            Py_UCS4 code = index == length ? SPACE : text[index];                               \
            if (code != SPACE) {                                                                \
                word = word * BASE + code;                                                      \
                continue;                                                                       \
            }                                                                                   \
            const uint64_t bucket = bucket_of(word ^ WORD_SALT);                                \
            marked += (marks[bucket >> 3] >> (bucket & 7)) & 1;                                 \
            count++;                                                                            \
            word = 0;                                                                           \
        }                                                                                       \
        *words = length == 0 ? 0 : count;                                                       \
        return length == 0 ? 0 : marked;                                                        \
    }

DEFINE_MARKED(marked_ucs1, Py_UCS1)
DEFINE_MARKED(marked_ucs2, Py_UCS2)
DEFINE_MARKED(marked_ucs4, Py_UCS4)

static PyObject *marked_words(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "marked_words() takes (text, marks)");
        return NULL;
    }
    if (check_text(args[0], "marked_words") < 0) return NULL;
    Py_buffer view;
    if (PyObject_GetBuffer(args[1], &view, PyBUF_C_CONTIGUOUS) < 0) return NULL;
    if (view.len != (Py_ssize_t)(N_BUCKETS / 8)) {
        PyBuffer_Release(&view);
        PyErr_Format(PyExc_ValueError, "marks must be %u bytes (one bit per bucket)", N_BUCKETS / 8);
        return NULL;
    }
    PyObject *text = args[0];
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    Py_ssize_t words = 0, marked;
    switch (PyUnicode_KIND(text)) {
        case PyUnicode_1BYTE_KIND: marked = marked_ucs1((const Py_UCS1 *)data, length, view.buf, &words); break;
        case PyUnicode_2BYTE_KIND: marked = marked_ucs2((const Py_UCS2 *)data, length, view.buf, &words); break;
        default: marked = marked_ucs4((const Py_UCS4 *)data, length, view.buf, &words);
    }
    PyBuffer_Release(&view);
    return Py_BuildValue("(nn)", marked, words);
}

static PyMethodDef methods[] = {
    {"buckets", (PyCFunction)buckets, METH_O, "int64 bucket of every feature occurrence of canonical text, as bytes"},
    {"weight_sum", (PyCFunction)(void (*)(void))weight_sum, METH_FASTCALL,
     "(sum of float16 weights over every feature occurrence, number of occurrences)"},
    {"word_weights", (PyCFunction)(void (*)(void))word_weights, METH_FASTCALL,
     "weight of each word's unigram feature, aligned with text.split(' ')"},
    {"marked_words", (PyCFunction)(void (*)(void))marked_words, METH_FASTCALL,
     "(words whose unigram bucket is marked in a bit set of N_BUCKETS bits, number of words)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "scanner._hashing", "Compiled feature hashing of the prompt-injection scanner.", -1, methods,
};

PyMODINIT_FUNC PyInit__hashing(void) {
    PyObject *module = PyModule_Create(&module_def);
    if (module == NULL) return NULL;
    if (PyModule_AddIntConstant(module, "HASH_BITS", HASH_BITS) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}

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
 *                                     (to explain a verdict: which words pushed it up)
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

/* Code point `index` of the text padded with one space at each end. */
static inline Py_UCS4 padded_at(int kind, const void *data, Py_ssize_t length, Py_ssize_t index) {
    return (index == 0 || index == length + 1) ? SPACE : PyUnicode_READ(kind, data, index - 1);
}

/* Calls `emit(state, bucket)` for every feature occurrence, in the documented order. */
typedef void (*emit_fn)(void *state, uint64_t bucket);

static Py_ssize_t walk(PyObject *text, emit_fn emit, void *state) {
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    if (length == 0) return 0;
    const Py_ssize_t padded = length + 2;
    Py_ssize_t count = 0;
    for (int n = 3; n <= 5; n++) {
        for (Py_ssize_t start = 0; start + n <= padded; start++) {
            uint64_t hash = 0;
            for (int offset = 0; offset < n; offset++)
                hash = hash * BASE + padded_at(kind, data, length, start + offset);
            emit(state, bucket_of(hash));
            count++;
        }
    }
    /* Words lie between neighbouring spaces of the padded text. Unigrams come before bigrams,
     * so the unigram pass runs first and the bigram pass repeats the word hashing (words are
     * short; this keeps the walk free of allocation). */
    for (int pass = 0; pass < 2; pass++) {
        uint64_t word = 0, previous = 0;
        int have_previous = 0;
        for (Py_ssize_t index = 1; index < padded; index++) {
            Py_UCS4 code = padded_at(kind, data, length, index);
            if (code != SPACE) {
                word = word * BASE + code;
                continue;
            }
            word ^= WORD_SALT;
            if (pass == 0) {
                emit(state, bucket_of(word));
                count++;
            } else if (have_previous) {
                emit(state, bucket_of(previous * PAIR + word));
                count++;
            }
            previous = word;
            have_previous = 1;
            word = 0;
        }
    }
    return count;
}

typedef struct {
    int64_t *out;
    Py_ssize_t next;
} collect_state;

static void collect(void *state, uint64_t bucket) {
    collect_state *collected = (collect_state *)state;
    collected->out[collected->next++] = (int64_t)bucket;
}

static void count_only(void *state, uint64_t bucket) {
    (void)state;
    (void)bucket;
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

static PyObject *buckets(PyObject *module, PyObject *text) {
    (void)module;
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "buckets() expects str, got %.80s", Py_TYPE(text)->tp_name);
        return NULL;
    }
    if (ensure_ready(text) < 0) return NULL;
    Py_ssize_t total = walk(text, count_only, NULL);
    PyObject *result = PyBytes_FromStringAndSize(NULL, total * (Py_ssize_t)sizeof(int64_t));
    if (result == NULL) return NULL;
    collect_state state = {(int64_t *)PyBytes_AS_STRING(result), 0};
    walk(text, collect, &state);
    return result;
}

/* The weight sum in one pass over the text, for each storage width of a str: each start's
 * 3-gram hash is extended to its 4- and 5-gram (the sum does not care about order, so it need
 * not walk the text three times), and each word's hash feeds its unigram and the bigram it closes.
 * The table reads (about three per character, scattered over 512 KB) are most of the cost. */
#define DEFINE_SUM(NAME, CHAR_T)                                                                \
    static double NAME(const CHAR_T *text, Py_ssize_t length, const uint16_t *weights,          \
                       Py_ssize_t *count_out) {                                                 \
        const Py_ssize_t padded = length + 2;                                                   \
        double sum = 0.0;                                                                       \
        Py_ssize_t count = 0;                                                                   \
        for (Py_ssize_t start = 0; start + 3 <= padded; start++) {                              \
            uint64_t hash = 0;                                                                  \
            for (Py_ssize_t index = start; index < start + 5 && index < padded; index++) {      \
                Py_UCS4 code = (index == 0 || index == padded - 1) ? SPACE : text[index - 1];   \
                hash = hash * BASE + code;                                                      \
                if (index - start >= 2) {                                                       \
                    sum += half_to_float(weights[bucket_of(hash)]);                             \
                    count++;                                                                    \
                }                                                                               \
            }                                                                                   \
        }                                                                                       \
        uint64_t word = 0, previous = 0;                                                        \
        int have_previous = 0;                                                                  \
        for (Py_ssize_t index = 1; index < padded; index++) {                                   \
            Py_UCS4 code = index == padded - 1 ? SPACE : text[index - 1];                       \
            if (code != SPACE) {                                                                \
                word = word * BASE + code;                                                      \
                continue;                                                                       \
            }                                                                                   \
            word ^= WORD_SALT;                                                                  \
            sum += half_to_float(weights[bucket_of(word)]);                                     \
            count++;                                                                            \
            if (have_previous) {                                                                \
                sum += half_to_float(weights[bucket_of(previous * PAIR + word)]);               \
                count++;                                                                        \
            }                                                                                   \
            previous = word;                                                                    \
            have_previous = 1;                                                                  \
            word = 0;                                                                           \
        }                                                                                       \
        *count_out = count;                                                                     \
        return sum;                                                                             \
    }

DEFINE_SUM(sum_ucs1, Py_UCS1)
DEFINE_SUM(sum_ucs2, Py_UCS2)
DEFINE_SUM(sum_ucs4, Py_UCS4)

static PyObject *weight_sum(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "weight_sum() takes (text, weights)");
        return NULL;
    }
    PyObject *text = args[0];
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "weight_sum() expects str, got %.80s", Py_TYPE(text)->tp_name);
        return NULL;
    }
    if (ensure_ready(text) < 0) return NULL;
    Py_buffer view;
    if (get_weights(args[1], &view) < 0) return NULL;
    const uint16_t *weights = (const uint16_t *)view.buf;
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    Py_ssize_t count = 0;
    double sum = 0.0;
    if (length > 0) {
        switch (PyUnicode_KIND(text)) {
            case PyUnicode_1BYTE_KIND: sum = sum_ucs1((const Py_UCS1 *)data, length, weights, &count); break;
            case PyUnicode_2BYTE_KIND: sum = sum_ucs2((const Py_UCS2 *)data, length, weights, &count); break;
            default: sum = sum_ucs4((const Py_UCS4 *)data, length, weights, &count); break;
        }
    }
    PyBuffer_Release(&view);
    return Py_BuildValue("(dn)", sum, count);
}

static PyObject *word_weights(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 2 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "word_weights() takes (text: str, weights)");
        return NULL;
    }
    PyObject *text = args[0];
    if (ensure_ready(text) < 0) return NULL;
    Py_buffer view;
    if (get_weights(args[1], &view) < 0) return NULL;
    const uint16_t *weights = (const uint16_t *)view.buf;
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    PyObject *result = PyList_New(0);
    uint64_t word = 0;
    Py_ssize_t word_length = 0;
    for (Py_ssize_t index = 0; result != NULL && index <= length; index++) {
        Py_UCS4 code = index == length ? SPACE : PyUnicode_READ(kind, data, index);
        if (code != SPACE) {
            word = word * BASE + code;
            word_length++;
            continue;
        }
        if (word_length > 0) {
            PyObject *value = PyFloat_FromDouble(half_to_float(weights[bucket_of(word ^ WORD_SALT)]));
            if (value == NULL || PyList_Append(result, value) < 0) Py_CLEAR(result);
            Py_XDECREF(value);
        }
        word = 0;
        word_length = 0;
    }
    PyBuffer_Release(&view);
    return result;
}

static PyMethodDef methods[] = {
    {"buckets", (PyCFunction)buckets, METH_O, "int64 bucket of every feature occurrence of canonical text, as bytes"},
    {"weight_sum", (PyCFunction)(void (*)(void))weight_sum, METH_FASTCALL,
     "(sum of float16 weights over every feature occurrence, number of occurrences)"},
    {"word_weights", (PyCFunction)(void (*)(void))word_weights, METH_FASTCALL,
     "weight of each word's unigram feature, aligned with text.split(' ') without empty strings"},
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
